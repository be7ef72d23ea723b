import TouchpointCore
import TouchpointFrontEnd
import TouchpointSchedule
import TouchpointMail
import TouchpointOutbox

/// The files `touchpoint init` writes: a small practice that checks clean and builds, ready to be
/// edited. Every name and address in it is a placeholder on the reserved `.example` domain.
///
/// The CI workflow and the pre-commit hook are also kept in the repository under
/// `docs/integration/`, for practices that already exist to copy; a test keeps those copies equal
/// to the text here.
public enum PracticeTemplate {
    /// One file of the template.
    public struct File: Sendable {
        /// The path relative to the practice folder, with '/' between components.
        public let path: String
        public let contents: String
        /// Whether the file is a program (mode 0755 rather than 0644).
        public let isExecutable: Bool

        public init(_ path: String, _ contents: String, executable: Bool = false) {
            self.path = path
            self.contents = contents
            self.isExecutable = executable
        }
    }

    /// Every file, in the order `init` lists them.
    public static let files: [File] = [
        File("touchpoint.yaml", practice),
        File("campaigns/welcome.yaml", welcomeCampaign),
        File("contacts/patients.schema.yaml", patientsSchema),
        File("contacts/patients.csv", patients),
        File("contacts/unsubscribed.txt", unsubscribed),
        File("out/.gitkeep", ""),
        File(".gitignore", gitignore),
        File("Makefile", makefile),
        File(".github/workflows/touchpoint.yml", workflow),
        File("hooks/pre-commit", preCommitHook, executable: true),
    ]

    public static let practice = """
        # The practice: who sends, from where, and when. Replace the placeholders below (the
        # '.example' addresses are reserved names that reach no one) with the practice's own.
        practice:
          name: Example Physical Therapy
          from: "Example Physical Therapy <care@practice.example>"
          reply_to: frontdesk@practice.example        # optional: where replies go
          address: "100 Main Street, Anytown, NE 68000"   # postal address, required in marketing e-mail
          timezone: America/Chicago                   # an IANA name, such as America/New_York

        # Bodies are Markdown. Raw HTML in a body is an error unless this is true.
        allow_html: false

        # When messages may go out, in each contact's time zone. A send that falls on another day
        # or on a holiday moves to the nearest allowed day.
        send_window:
          days: [mon, tue, wed, thu, fri]
          hours: "08:00-18:00"
          holidays: [2026-12-25, 2027-01-01]

        # At most this many marketing messages per contact; care messages are exempt.
        limits:
          marketing_per_contact: 2 per 7 days

        # How far ahead a build schedules messages.
        horizon: 60 days

        # Every marketing message carries a way to unsubscribe. A mailto address needs no web server.
        # A web page can be added with
        #   url: "https://practice.example/unsubscribe?c={{ contact.token }}"
        # where the token identifies the contact. It is made with a secret: set the environment
        # variable TOUCHPOINT_SECRET, or write it to .touchpoint-secret (git-ignored), and add it
        # to the repository's secrets as TOUCHPOINT_SECRET so that CI can check the practice.
        unsubscribe:
          mailto: unsubscribe@practice.example

        # What a marketing message's footer says before its unsubscribe link. Without it:
        # "You receive this e-mail from" and the practice's name.
        # footer: "You receive our news because you asked {{ practice.name }} for it."

        # Addresses that get no more marketing, one a line; care messages still go to them. A line
        # whose comment starts with 'bounced', 'complaint' or 'all mail' stops care messages too.
        suppression: contacts/unsubscribed.txt

        # A build run every night (docs/operations.md) can hold back only the contacts whose rows
        # of an export have errors, keep their messages as they are, and build everyone else's
        # (still exiting 1, so the errors are reported). 'touchpoint check' stays strict.
        # keep_going: true

        """

    public static let welcomeCampaign = """
        # A care campaign: messages about the patient's own treatment, from the first visit to
        # discharge. Care messages are exempt from the marketing limit. Add a campaign by adding
        # a file like this one to campaigns/.
        campaign: welcome
        title: Welcome to the practice
        audience: patients
        where: status == "active"
        kind: care
        steps:
          - id: get-ready
            send: 2 days before first_visit at 09:00
            subject: "Getting ready for your first visit, {{ first_name }}"
            body: |
              Hi {{ first_name }},

              We look forward to seeing you on **{{ first_visit | date: "%A, %B %-d" }}**.

              Please wear clothes you can move in, and bring a list of the medicines you take.
              If you need to change the time, reply to this e-mail.

              {{ practice.name }}
          - id: check-in
            send: every 2 weeks after first_visit until discharge_date at 10:00
            subject: "How are your exercises going, {{ first_name }}?"
            body: |
              Hi {{ first_name }},

              A quick check-in from {{ practice.name }}: doing your home exercises once a day,
              even on good days, is what makes the plan of care work.

              If anything hurts more than it did, or an exercise is unclear, reply to this
              e-mail and we will go over it at your next visit.

        """

    public static let patientsSchema = """
        # The 'patients' list: its fields and their types. The rows are in patients.csv, a column a
        # field, as a spreadsheet or the practice's EMR exports them.
        key: id                   # a stable identifier, never the e-mail address
        email: email              # the field that holds the address
        name: "{{ first_name }} {{ last_name }}"   # the name shown in To:
        min_rows: 1               # an export that came out empty is an error, not a list that sends nothing
        fields:
          id: { type: string, required: true }
          first_name: { type: string, required: true }
          last_name: string
          email: { type: email, required: true }
          status: { type: enum, values: [prospect, active, discharged] }
          first_visit: date
          discharge_date: date

        """

    public static let patients = """
        id,first_name,last_name,email,status,first_visit,discharge_date
        p0001,Avery,Sample,avery.sample@mail.example,active,2026-12-03,
        p0002,Jordan,Example,jordan.example@mail.example,active,2026-11-16,2027-01-22

        """

    public static let unsubscribed = """
        # Addresses that asked for no more marketing: one address a line. Care messages about the
        # patient's own treatment still go to them, unless the comment after the address starts
        # with 'all mail' (or 'bounced', 'complaint'), which stops every message:
        #   ann@mail.example  # all mail: asked by phone
        # Comparison ignores case; '#' starts a comment.

        """

    public static let gitignore = """
        # The outbox holds patient data: it is built, never committed.
        /out/*
        !/out/.gitkeep
        # The secret behind unsubscribe tokens.
        /.touchpoint-secret
        # What CI writes for code scanning.
        /touchpoint.sarif

        """

    public static let makefile = """
        # `make` checks the practice and builds its outbox in out/, as of now.
        TOUCHPOINT ?= touchpoint

        .PHONY: all check build plan hooks

        all: build

        # Report every problem in the practice's files.
        check:
        \t$(TOUCHPOINT) check

        # Check, then write the dated messages into out/.
        build:
        \t$(TOUCHPOINT) build

        # What a build would add, change and remove in out/.
        plan:
        \t$(TOUCHPOINT) plan

        # Run hooks/pre-commit before every commit in this clone.
        hooks:
        \tgit config core.hooksPath hooks

        """

    /// `.github/workflows/touchpoint.yml`, also `docs/integration/touchpoint.yml`.
    public static let workflow = """
        # Checks the practice on every push and pull request: problems fail the run and show as
        # annotations on the changed lines, and go to code scanning as SARIF.
        #
        # Set up once, under the repository's Settings:
        # - Variables: TOUCHPOINT_REPOSITORY, the git URL of the Touchpoint source to build
        #   (and TOUCHPOINT_REF, a tag or branch of it; default main).
        # - Secrets: TOUCHPOINT_SECRET, the secret behind unsubscribe tokens, when touchpoint.yaml
        #   uses {{ contact.token }}. The same value as the practice's .touchpoint-secret.
        name: touchpoint

        on:
          push:
          pull_request:

        permissions:
          contents: read
          security-events: write    # upload-sarif

        jobs:
          check:
            runs-on: ubuntu-latest
            container: swift:6.3
            env:
              TOUCHPOINT_SECRET: ${{ secrets.TOUCHPOINT_SECRET }}
            steps:
              - uses: actions/checkout@v5

              - name: Install touchpoint
                env:
                  TOUCHPOINT_REPOSITORY: ${{ vars.TOUCHPOINT_REPOSITORY }}
                  TOUCHPOINT_REF: ${{ vars.TOUCHPOINT_REF || 'main' }}
                run: |
                  apt-get update -qq
                  apt-get install -y -qq git make >/dev/null
                  git clone --quiet --depth 1 --branch "$TOUCHPOINT_REF" "$TOUCHPOINT_REPOSITORY" "$RUNNER_TEMP/touchpoint"
                  make -C "$RUNNER_TEMP/touchpoint" build
                  install -m 0755 "$RUNNER_TEMP/touchpoint/.build/release/touchpoint" /usr/local/bin/touchpoint

              # A contact export kept out of git (.gitignore) is checked as its committed synthetic
              # sample, contacts/samples/NAME.csv, with the same schema.
              - name: Use sample contact lists
                run: |
                  for sample in contacts/samples/*.csv contacts/samples/*.yaml; do
                    [ -f "$sample" ] || continue
                    target="contacts/$(basename "$sample")"
                    [ -e "$target" ] || cp "$sample" "$target"
                  done

              # Exit status 1 means the practice has problems, which the SARIF reports; 2 is a
              # failure of the run itself.
              - name: Write SARIF
                run: touchpoint check --format sarif > touchpoint.sarif || [ $? -eq 1 ]

              # Code scanning is available to public repositories, and to private ones with GitHub
              # Code Security; elsewhere this step fails without failing the run. The SARIF holds
              # no contact data.
              - name: Upload SARIF
                uses: github/codeql-action/upload-sarif@v4
                continue-on-error: true
                with:
                  sarif_file: touchpoint.sarif
                  category: touchpoint

              - name: Check
                run: touchpoint check --format github

        """

    /// `hooks/pre-commit`, also `docs/integration/pre-commit`.
    public static let preCommitHook = """
        #!/bin/sh
        # Refuses a commit whose practice files do not check clean. It checks what is about to be
        # committed (the index), not what happens to be in the working tree.
        #
        # Turn it on once per clone:  git config core.hooksPath hooks   (or: make hooks)
        # Skip it for one commit:     git commit --no-verify
        set -eu

        if ! command -v touchpoint >/dev/null 2>&1; then
            echo "pre-commit: 'touchpoint' is not on PATH; install it, or commit with --no-verify" >&2
            exit 1
        fi

        root=$(git rev-parse --show-toplevel)
        staged=$(mktemp -d)
        trap 'rm -rf "$staged"' EXIT
        trap 'exit 1' HUP INT TERM
        git checkout-index --all --prefix="$staged/"
        # The secret is git-ignored, so the index does not hold it.
        if [ -f "$root/.touchpoint-secret" ]; then
            cp "$root/.touchpoint-secret" "$staged/"
        fi
        # Nor a contact export kept out of git: the one in the working tree is checked.
        git -C "$root" -c core.quotePath=false ls-files --others --ignored --exclude-standard -- contacts |
            while IFS= read -r file; do
                mkdir -p "$staged/$(dirname "$file")"
                cp "$root/$file" "$staged/$file"
            done
        touchpoint check --root "$staged"

        """
}
