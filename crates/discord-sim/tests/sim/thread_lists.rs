//! The thread listing routes: the guild's active threads and a channel's archived ones, paged
//! as Discord pages them.

use std::time::Duration;

use twilight_model::channel::ChannelType;

use crate::common::{Env, bounded, id};
use crate::threads::{MANAGE_THREADS, bot_without, private_thread};

#[tokio::test]
async fn active_and_archived_threads_are_listed_with_the_bots_members() {
    bounded(async {
        let env = Env::start().await;
        let http = env.twilight();
        let mut archived = Vec::new();
        for name in ["A", "B", "C"] {
            let thread = private_thread(&http, env.general, name).await;
            http.update_thread(thread.id).archived(true).await.unwrap();
            archived.push(thread.id);
            // Archive timestamps have millisecond precision; keep them apart.
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let active = private_thread(&http, env.general, "Active").await;
        let public = http
            .create_thread(id(env.general), "Public", ChannelType::PublicThread)
            .await
            .unwrap()
            .model()
            .await
            .unwrap();
        http.update_thread(public.id).archived(true).await.unwrap();
        let listing = http
            .active_threads(id(env.guild))
            .await
            .unwrap()
            .model()
            .await
            .unwrap();
        let ids: Vec<_> = listing.threads.iter().map(|t| t.id).collect();
        assert_eq!(ids, vec![active.id]);
        assert_eq!(listing.members.len(), 1);
        let page = http
            .private_archived_threads(id(env.general))
            .limit(2)
            .await
            .unwrap()
            .model()
            .await
            .unwrap();
        let ids: Vec<_> = page.threads.iter().map(|t| t.id).collect();
        assert_eq!(
            ids,
            vec![archived[2], archived[1]],
            "most recently archived first"
        );
        assert_eq!(page.has_more, Some(true));
        let before = page.threads[1]
            .thread_metadata
            .as_ref()
            .unwrap()
            .archive_timestamp
            .iso_8601()
            .to_string()
            // A `+` in a query string reads as a space: say UTC with `Z`.
            .replace("+00:00", "Z");
        let rest = http
            .private_archived_threads(id(env.general))
            .before(&before)
            .await
            .unwrap()
            .model()
            .await
            .unwrap();
        let ids: Vec<_> = rest.threads.iter().map(|t| t.id).collect();
        assert_eq!((ids, rest.has_more), (vec![archived[0]], Some(false)));
        let public_page = http
            .public_archived_threads(id(env.general))
            .await
            .unwrap()
            .model()
            .await
            .unwrap();
        let ids: Vec<_> = public_page.threads.iter().map(|t| t.id).collect();
        assert_eq!(ids, vec![public.id]);
        let joined = http
            .joined_private_archived_threads(id(env.general))
            .before(archived[2])
            .await
            .unwrap()
            .model()
            .await
            .unwrap();
        let ids: Vec<_> = joined.threads.iter().map(|t| t.id).collect();
        assert_eq!(ids, vec![archived[1], archived[0]], "by id, newest first");
        bot_without(&env, MANAGE_THREADS).await;
        let (status, body) = env
            .api(
                "GET",
                &format!("/channels/{}/threads/archived/private", env.general),
                None,
            )
            .await;
        assert_eq!((status, body["code"].as_u64()), (403, Some(50013)));
        env.assert_log_conforms();
    })
    .await;
}
