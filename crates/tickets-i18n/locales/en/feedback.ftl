# Feedback after the close: the rating buttons, the prompt of a thread ticket, the exit survey.
feedback-rate-button = { $stars } ★
feedback-rating-value = { $bar } ({ $stars }/5)
feedback-your-rating = Your rating
feedback-prompt-title = How would you rate the support you received?
feedback-prompt-description = Choose from 1 star (poor) to 5 stars (excellent). You can change your rating for 24 hours.
feedback-survey-thanks = Thank you for your answers!
error-rating-unavailable = This rating button belongs to no closed ticket of yours that can be rated.
error-rating-not-yours = Only the member who opened this ticket can rate it.
error-rating-final = Your rating was given more than 24 hours ago and is final now.
error-survey-answered = You answered this survey already. Thank you!

# The dashboard: the exit survey choice and the rating filter.
dash-exit-survey = Exit survey
dash-exit-survey-none = No exit survey
dash-exit-survey-server = The server's exit survey
dash-exit-survey-help = A form shown to members after they rate their ticket.
dash-transcripts-filter-rating = Rating
dash-transcripts-any-rating = Any rating
field-transcript-rating = The rating
field-exit-survey = The exit survey
