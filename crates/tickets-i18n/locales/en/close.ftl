# Closing: close requests, auto-close exclusion, and the summary sent to the opener.

command-closerequest-description = Ask the opener whether this ticket can be closed
command-closerequest-delay = Close by itself after this many hours without an answer
command-closerequest-reason = Why it can be closed
command-autoclose-description = Automatic closing of this ticket
command-autoclose-configure = Change the settings of automatic closing
command-autoclose-exclude = Never close this ticket by itself

close-request-text = { $opener }, { $staff } thinks this ticket can be closed. Is everything solved?
close-request-reason = Reason: { $reason }
close-request-delay = Without an answer, it closes by itself { $when }.
close-request-accept = Accept
close-request-deny = Deny
close-request-denied = { $opener } wants to keep this ticket open, so it stays open.
autoclose-excluded = This ticket will not close by itself, whatever close requests say.
autoclose-already-excluded = This ticket was already excluded from closing by itself.

close-summary-title = Your ticket on { $server } was closed
close-summary-ticket = Ticket
close-summary-server = Server
close-summary-closed-by = Closed by
close-summary-opened = Opened
close-summary-closed = Closed
close-summary-reason = Reason
close-summary-no-reason = No reason specified

error-not-the-opener = Only the member who opened this ticket can answer this.
error-request-not-pending = This close request was already answered or replaced by a newer one.

# The transcript of a closed ticket: the summary in the transcripts channel, and its link.
transcript-view-button = View transcript
transcript-summary-title = Ticket #{ $number } closed
transcript-summary-opened-by = Opened by
transcript-summary-claimed-by = Claimed by
transcript-summary-not-claimed = Not claimed
transcript-summary-messages = Messages
transcript-summary-rating = Rating
transcript-summary-no-rating = Not rated
error-transcript-not-found = There is no transcript of that ticket, or you may not read it.
error-transcript-failed = The transcript could not be stored or read just now. Nothing was lost: the ticket's channel stays until its transcript is kept. Try again in a minute.

# The page of a transcript.
transcript-page-title = #{ $channel } · { $server }
transcript-page-ticket = Ticket #{ $number }
transcript-page-server = Server
transcript-page-channel = Channel
transcript-page-panel = Panel
transcript-page-exported = Exported
transcript-page-form-answers = Form answers
transcript-page-content-withheld = Discord withheld the content of these messages: the bot lacked the Message Content intent when this transcript was made, so the text, embeds, files and components of members' messages are missing. They were not empty.
transcript-page-content-withheld-message = Content withheld by Discord
transcript-page-files-not-kept = { $count } files could not be kept with this transcript.
transcript-page-times-utc = Times are in UTC.
transcript-page-times-local = Times are in your time zone.
transcript-page-original-deleted = Original message was deleted
transcript-page-reply-no-text = Click to see attachment
transcript-page-edited = (edited)
transcript-page-pinned = Pinned
transcript-page-bot = BOT
transcript-page-used-command = { $user } used { $command }
transcript-page-file-not-kept = File not kept
transcript-page-file-too-large = File not kept: too large
transcript-page-file-transcript-full = File not kept: the transcript's space for files was full
transcript-page-file-unreachable = File not kept: it could not be downloaded
transcript-page-sticker = Sticker
transcript-page-select = Make a selection
transcript-page-no-messages = No messages.
transcript-system-recipient-add = { $author } added { $target } to the thread.
transcript-system-recipient-remove = { $author } removed { $target } from the thread.
transcript-system-call = { $author } started a call.
transcript-system-name-change = { $author } changed the channel name: { $name }
transcript-system-icon-change = { $author } changed the channel icon.
transcript-system-pin = { $author } pinned a message to this channel.
transcript-system-join = { $author } joined the server.
transcript-system-thread-created = { $author } started a thread: { $name }
