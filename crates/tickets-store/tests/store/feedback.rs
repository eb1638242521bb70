//! Feedback: one rating per ticket whose change moves one count, the server's totals read from
//! the counts, exit survey answers kept once, the rating filter of the Transcripts list, and
//! nothing of it visible to another server.

use crate::*;
use tickets_store::feedback::{Rated, RatingTotals};
use tickets_store::transcripts::{TranscriptFilter, TranscriptRow};

async fn closed(db: &Database, g: GuildId, n: u64) -> i64 {
    let ticket = open(db, g, user(n), channel(n)).await;
    db.tickets()
        .close(g, ticket.number, user(9), None, 100)
        .await
        .unwrap();
    ticket.number
}

db_test!(
    async fn a_changed_rating_moves_one_count_and_the_totals_follow(db) {
        let feedback = db.feedback();
        let (a, b, c) = (closed(&db, guild(1), 1).await, closed(&db, guild(1), 2).await, closed(&db, guild(1), 3).await);
        assert_eq!(feedback.totals(guild(1)).await.unwrap(), RatingTotals::default());
        assert_eq!(feedback.totals(guild(1)).await.unwrap().average(), None);

        assert_eq!(feedback.rate(guild(1), a, 5, 1_000).await.unwrap(), Rated::First);
        assert_eq!(feedback.rate(guild(1), b, 4, 2_000).await.unwrap(), Rated::First);
        assert_eq!(feedback.rate(guild(1), c, 4, 3_000).await.unwrap(), Rated::First);
        assert_eq!(feedback.totals(guild(1)).await.unwrap(), RatingTotals { count: 3, stars: 13 });

        // Ticket a goes from 5 to 2: still three ratings, three stars fewer; its time stays.
        assert_eq!(feedback.rate(guild(1), a, 2, 9_000).await.unwrap(), Rated::Changed { from: 5 });
        assert_eq!(feedback.totals(guild(1)).await.unwrap(), RatingTotals { count: 3, stars: 10 });
        let rating = feedback.rating(guild(1), a).await.unwrap().unwrap();
        assert_eq!((rating.stars, rating.rated_at), (2, 1_000));
        // The same stars again change nothing.
        assert_eq!(feedback.rate(guild(1), a, 2, 9_500).await.unwrap(), Rated::Changed { from: 2 });
        assert_eq!(feedback.totals(guild(1)).await.unwrap(), RatingTotals { count: 3, stars: 10 });
        let average = feedback.totals(guild(1)).await.unwrap().average().unwrap();
        assert!((average - 10.0 / 3.0).abs() < 1e-9, "{average}");

        // Out of range is refused and counts nothing.
        assert!(feedback.rate(guild(1), b, 6, 1).await.is_err());
        assert!(feedback.rate(guild(1), b, 0, 1).await.is_err());
        assert_eq!(feedback.totals(guild(1)).await.unwrap(), RatingTotals { count: 3, stars: 10 });

        // Another server sees none of it.
        assert_eq!(feedback.totals(guild(2)).await.unwrap(), RatingTotals::default());
        assert!(feedback.rating(guild(2), a).await.unwrap().is_none());
    }
);

db_test!(
    async fn offers_and_survey_answers_are_kept_once_per_ticket(db) {
        let feedback = db.feedback();
        let number = closed(&db, guild(1), 1).await;
        assert_eq!(feedback.offered_at(guild(1), number).await.unwrap(), None);
        feedback.offer(guild(1), number, 50).await.unwrap();
        feedback.offer(guild(1), number, 70).await.unwrap();
        assert_eq!(feedback.offered_at(guild(1), number).await.unwrap(), Some(50));
        assert_eq!(feedback.offered_at(guild(2), number).await.unwrap(), None);

        let answers = vec![("Was it quick?".to_owned(), "Yes".to_owned()), ("Anything else?".to_owned(), "No".to_owned())];
        assert!(feedback.save_survey(guild(1), number, &answers).await.unwrap());
        let again = vec![("Was it quick?".to_owned(), "No".to_owned())];
        assert!(!feedback.save_survey(guild(1), number, &again).await.unwrap(), "answered once");
        assert_eq!(feedback.survey_answers(guild(1), number).await.unwrap(), answers);
        assert!(feedback.survey_answers(guild(2), number).await.unwrap().is_empty());
        assert!(feedback.survey_answered(guild(1), number).await.unwrap());
        assert!(!feedback.survey_answered(guild(2), number).await.unwrap());
    }
);

db_test!(
    async fn a_survey_answered_with_every_answer_blank_counts_as_answered(db) {
        let feedback = db.feedback();
        let number = closed(&db, guild(1), 1).await;
        assert!(!feedback.save_survey(guild(1), number, &[]).await.unwrap(), "never offered");
        feedback.offer(guild(1), number, 50).await.unwrap();
        assert!(!feedback.survey_answered(guild(1), number).await.unwrap());
        assert!(feedback.save_survey(guild(1), number, &[]).await.unwrap());
        assert!(feedback.survey_answered(guild(1), number).await.unwrap(), "not asked again");
        let late = vec![("Was it quick?".to_owned(), "Yes".to_owned())];
        assert!(!feedback.save_survey(guild(1), number, &late).await.unwrap());
        assert!(feedback.survey_answers(guild(1), number).await.unwrap().is_empty());
    }
);

db_test!(
    async fn the_transcripts_list_shows_and_filters_by_rating(db) {
        let mut numbers = Vec::new();
        for n in 1..=3 {
            let number = closed(&db, guild(1), n).await;
            db.transcripts()
                .record(&TranscriptRow {
                    guild_id: guild(1),
                    number,
                    stored_at: 1,
                    message_count: 1,
                    size_bytes: 1,
                    attachments_stored: 0,
                    content_intent: true,
                })
                .await
                .unwrap();
            numbers.push(number);
        }
        db.feedback().rate(guild(1), numbers[0], 5, 1).await.unwrap();
        db.feedback().rate(guild(1), numbers[1], 3, 1).await.unwrap();
        let listed = db.transcripts().list(guild(1), &TranscriptFilter::default(), 10).await.unwrap();
        let ratings: Vec<(i64, Option<u8>)> = listed.iter().map(|l| (l.ticket.number, l.rating)).collect();
        assert_eq!(ratings, [(numbers[2], None), (numbers[1], Some(3)), (numbers[0], Some(5))]);
        let five = TranscriptFilter { rating: Some(5), ..Default::default() };
        let listed = db.transcripts().list(guild(1), &five, 10).await.unwrap();
        assert_eq!(listed.iter().map(|l| l.ticket.number).collect::<Vec<_>>(), [numbers[0]]);

        // The summary's place is kept with its transcript, for this server only.
        let (c, m) = (channel(50), tickets_model::MessageId::new(77));
        db.transcripts().set_summary_message(guild(1), numbers[0], c, m).await.unwrap();
        assert_eq!(db.transcripts().summary_message(guild(1), numbers[0]).await.unwrap(), Some((c, m)));
        assert_eq!(db.transcripts().summary_message(guild(2), numbers[0]).await.unwrap(), None);
        assert_eq!(db.transcripts().summary_message(guild(1), numbers[1]).await.unwrap(), None);
    }
);

db_test!(
    async fn a_deleted_form_is_no_exit_survey_any_more(db) {
        let form = db.forms().create(guild(1), "Survey").await.unwrap();
        let mut settings = GuildSettings::defaults(guild(1));
        settings.exit_survey_form_id = Some(form.form_id);
        db.settings().save(&settings).await.unwrap();
        assert_eq!(db.settings().get(guild(1)).await.unwrap().exit_survey_form_id, Some(form.form_id));
        assert!(db.forms().delete(guild(1), form.form_id).await.unwrap());
        assert_eq!(db.settings().get(guild(1)).await.unwrap().exit_survey_form_id, None);
    }
);
