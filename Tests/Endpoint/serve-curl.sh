#!/usr/bin/env bash
# `touchpoint serve` driven with curl on 127.0.0.1: the RFC 8058 one-click POST, the GET page,
# unknown tokens, oversized and malformed requests, a burst over the rate limit and a full log.
# Loopback only, every request bounded in time, the whole run bounded in count.
#
# usage: Tests/Endpoint/serve-curl.sh path/to/touchpoint
set -uo pipefail

binary=${1:?usage: serve-curl.sh path/to/touchpoint}
root=$(cd "$(dirname "$0")/../.." && pwd)
scratch=$(mktemp -d)
pids=()
passed=0
failed=0

cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
    rm -rf "$scratch"
}
trap cleanup EXIT

check() {  # check DESCRIPTION CONDITION...
    local description=$1
    shift
    if "$@"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL: $description" >&2
    fi
}

# Starts serve on a port the system picks; sets $port and $pid. Extra arguments go to serve.
start() {
    local log=$1 errors=$2
    shift 2
    "$binary" serve --root "$root" --log "$log" --port 0 "$@" 2>"$errors" &
    pid=$!
    pids+=("$pid")
    port=
    for _ in $(seq 1 100); do
        port=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$errors" | grep -o '[0-9]*$')
        [ -n "$port" ] && return 0
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    echo "touchpoint serve did not start:" >&2
    cat "$errors" >&2
    exit 1
}

curl() { command curl --silent --show-error --max-time 5 "$@"; }

start "$scratch/log" "$scratch/serve.err"
base="http://127.0.0.1:$port/unsubscribe"
token=$(TOUCHPOINT_SECRET=example-practice-secret-not-for-real-use "$binary" token patients p0001 --root "$root")
check "a token is printed" test ${#token} -eq 32

# The GET page: plain HTML, the practice's name, one button, no script, no cookie. It changes nothing.
curl --dump-header "$scratch/get.head" --output "$scratch/get.body" "$base?c=$token"
check "GET answers 200" grep -q '^HTTP/1.1 200' "$scratch/get.head"
check "GET is HTML" grep -qi '^content-type: text/html; charset=utf-8' "$scratch/get.head"
check "GET sets no cookie" bash -c "! grep -qi '^set-cookie' '$scratch/get.head'"
check "the page has lang" grep -q '<html lang="en">' "$scratch/get.body"
check "the page names the practice" grep -q 'Lincoln Physical Therapy' "$scratch/get.body"
check "the page has one button" test "$(grep -c '<button' "$scratch/get.body")" -eq 1
check "the page has no script" bash -c "! grep -qi '<script' '$scratch/get.body'"
check "a GET logs a view, never an unsubscribe" bash -c "grep -q $'\t$token\tview\$' '$scratch/log/feedback.log' && ! grep -q unsubscribe\$ '$scratch/log/feedback.log'"

# The RFC 8058 POST, as a mail provider sends it: 200, no redirect, no cookie, logged and synced.
curl --dump-header "$scratch/post.head" --output "$scratch/post.body" \
    -H 'Content-Type: application/x-www-form-urlencoded' --data 'List-Unsubscribe=One-Click' "$base?c=$token"
check "POST answers 200" grep -q '^HTTP/1.1 200' "$scratch/post.head"
check "POST does not redirect" bash -c "! grep -qi '^location' '$scratch/post.head'"
check "POST sets no cookie" bash -c "! grep -qi '^set-cookie' '$scratch/post.head'"
check "POST is logged" grep -q $'\t'"$token"$'\tunsubscribe$' "$scratch/log/feedback.log"
check "the log line is instant, token, kind" \
    grep -Eq $'^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\+00:00\t[0-9a-f]{32}\t(view|unsubscribe)$' "$scratch/log/feedback.log"
multipart=$(curl --output /dev/null --write-out '%{http_code}' -F 'List-Unsubscribe=One-Click' "$base?c=$token")
check "a multipart/form-data POST answers 200" test "$multipart" = 200

# An unknown-looking token gets the same answers: no oracle.
curl --output "$scratch/unknown-get.body" "$base?c=not-a-real-token"
curl --output "$scratch/unknown-post.body" --data 'List-Unsubscribe=One-Click' "$base?c=not-a-real-token"
check "an unknown token gets the same page" cmp -s "$scratch/get.body" "$scratch/unknown-get.body"
check "an unknown token gets the same confirmation" cmp -s "$scratch/post.body" "$scratch/unknown-post.body"

# Malformed requests.
status() { curl --output /dev/null --write-out '%{http_code}' "$@"; }
check "a POST without the one-click body is 400" test "$(status --data 'List-Unsubscribe=Two-Click' "$base?c=$token")" = 400
check "the route without a token is 400" test "$(status "$base")" = 400
check "another path is 404" test "$(status "http://127.0.0.1:$port/admin")" = 404
check "PUT is 405" test "$(status -X PUT "$base?c=$token")" = 405
head -c 100000 /dev/zero | tr '\0' 'a' >"$scratch/big"
check "a 100 kB body is 413" test "$(status --data-binary @"$scratch/big" "$base?c=$token")" = 413
check "a 100 kB chunked body is 413" \
    test "$(status -H 'Transfer-Encoding: chunked' --data-binary @"$scratch/big" "$base?c=$token")" = 413
long=$(head -c 30000 /dev/zero | tr '\0' 'b')
code=$(status "$base?c=$long")
check "a 30 kB request line is refused (got $code)" test "$code" -ge 400 -o "$code" = 000
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'NOT HTTP AT ALL\r\n\r\n' >&3
reply=$(timeout 5 head -c 100 <&3)
exec 3<&-
check "garbage is answered 400 or the connection closed" bash -c "[[ -z '$reply' || '$reply' == 'HTTP/1.1 400'* ]]"
check "the server is still up" test "$(status "$base?c=$token")" = 200

# A burst over the rate limit, from one client address behind the (local) proxy: 20 a minute.
codes=""
for _ in $(seq 1 30); do
    codes+="$(status -H 'X-Forwarded-For: 198.51.100.23' "http://127.0.0.1:$port/elsewhere") "
done
limited=$(grep -o 429 <<<"$codes" | wc -l)
check "the first 20 of a burst are answered ($codes)" bash -c "[[ '$(cut -d' ' -f1-20 <<<"$codes")' != *429* ]]"
check "the rest of the burst is 429 ($limited)" test "$limited" -ge 9
check "429 says when to retry" bash -c "curl --silent --max-time 5 --dump-header - --output /dev/null -H 'X-Forwarded-For: 198.51.100.23' 'http://127.0.0.1:$port/' | grep -qi '^retry-after: [0-9]'"
check "another client is not limited" test "$(status -H 'X-Forwarded-For: 198.51.100.24' "$base?c=$token")" = 200
check "the log holds no address or agent" bash -c "! grep -Eq '198\\.51|127\\.0|curl' '$scratch/log/feedback.log'"

# A log at its cap: unsubscribes are answered 503 (the sender retries), and the operator is told.
mkdir -p "$scratch/full"
head -c 1048570 /dev/zero | tr '\0' '#' >"$scratch/full/feedback.log"
start "$scratch/full" "$scratch/full.err" --max-log-size 1
check "a POST to a full log is 503" \
    test "$(status --data 'List-Unsubscribe=One-Click' "http://127.0.0.1:$port/unsubscribe?c=$token")" = 503
check "the page still shows with a full log" test "$(status "http://127.0.0.1:$port/unsubscribe?c=$token")" = 200
check "the operator is told the log is full" grep -q 'has reached its limit' "$scratch/full.err"
check "a full log does not grow" test "$(stat -c %s "$scratch/full/feedback.log")" -eq 1048570

echo "serve: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
