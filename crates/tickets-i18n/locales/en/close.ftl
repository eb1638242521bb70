# Closing: close requests, auto-close exclusion, and the summary sent to the opener.

command-closerequest-description = Ask the opener whether this ticket can be closed
command-closerequest-delay = Close by itself after this many hours without an answer
command-closerequest-reason = Why it can be closed
command-autoclose-description = Automatic closing of this ticket
command-autoclose-exclude = Never close this ticket by itself

close-request-text = { $opener }, { $staff } thinks this ticket can be closed. Is everything solved?
close-request-reason = Reason: { $reason }
close-request-delay = Without an answer, it closes by itself { $when }.
close-request-accept = Close the ticket
close-request-deny = Keep it open
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
