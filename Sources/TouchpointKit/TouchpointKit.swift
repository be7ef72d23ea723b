// TouchpointKit is the library's one import: the pipeline's targets, re-exported, and its front door.
@_exported import TouchpointCore
@_exported import TouchpointFrontEnd
@_exported import TouchpointSchedule
@_exported import TouchpointMail
@_exported import TouchpointOutbox
@_exported import TouchpointFeedback
