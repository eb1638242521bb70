//! `POST /_sim/clock/advance`: what is made after an advance is that much later, listeners are
//! told how far, and a bad distance is refused.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::json;

use crate::common::{Env, bounded};

fn posted_at(message: &serde_json::Value) -> i64 {
    let stamp = message["message"]["timestamp"].as_str().unwrap();
    twilight_model::util::Timestamp::parse(stamp)
        .unwrap()
        .as_micros()
        / 1000
}

#[tokio::test]
async fn moving_the_clock_dates_new_messages_later_and_tells_the_listeners() {
    bounded(async {
        let env = Env::start().await;
        let heard = Arc::new(Mutex::new(Vec::new()));
        let ear = Arc::clone(&heard);
        env.sim
            .on_clock_advance(move |by| ear.lock().unwrap().push(by));
        let say = |content: &'static str| {
            json!({"channel_id": env.general.to_string(), "user_id": env.bob.to_string(), "content": content})
        };
        let (_, before) = env.control("POST", "/act/message", Some(say("before"))).await;
        let (status, moved) = env
            .control("POST", "/clock/advance", Some(json!({"seconds": 7200})))
            .await;
        assert_eq!((status, moved["advanced_seconds"].as_u64()), (200, Some(7200)), "{moved}");
        let (_, after) = env.control("POST", "/act/message", Some(say("after"))).await;
        let gap = posted_at(&after) - posted_at(&before);
        assert!((7_200_000..7_260_000).contains(&gap), "messages {gap} ms apart");
        assert_eq!(*heard.lock().unwrap(), vec![Duration::from_secs(7200)]);
        let (status, now) = env.control("GET", "/clock", None).await;
        assert_eq!(status, 200);
        let shown = twilight_model::util::Timestamp::parse(now["now"].as_str().unwrap()).unwrap();
        assert!(shown.as_micros() / 1000 >= posted_at(&after), "{now}");
    })
    .await;
}

#[tokio::test]
async fn a_distance_of_nothing_or_over_a_year_is_refused() {
    bounded(async {
        let env = Env::start().await;
        for seconds in [0, 367 * 86_400] {
            let (status, answer) = env
                .control("POST", "/clock/advance", Some(json!({"seconds": seconds})))
                .await;
            assert_eq!(status, 400, "{seconds}: {answer}");
        }
        let (status, _) = env
            .control("POST", "/clock/advance", Some(json!({"minutes": 5})))
            .await;
        assert!(status >= 400, "unknown fields are refused");
    })
    .await;
}
