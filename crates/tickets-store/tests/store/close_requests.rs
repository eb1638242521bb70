//! Close requests: a newer one supersedes the pending one, each is answered once, and a server
//! never reaches another's; exclusions from closing by themselves.

use crate::*;
use tickets_store::close_requests::RequestStatus;

db_test!(
    async fn requests_are_answered_once_and_superseded_by_newer_ones(db) {
        let requests = db.close_requests();
        let first = requests.create(guild(1), 3, user(9), Some("Solved?"), Some(5_000), 1_000).await.unwrap();
        assert_eq!(first.status, RequestStatus::Pending);
        assert_eq!((first.reason.as_deref(), first.close_at), (Some("Solved?"), Some(5_000)));
        let second = requests.create(guild(1), 3, user(9), None, None, 2_000).await.unwrap();
        assert_eq!(requests.get(guild(1), first.request_id).await.unwrap().unwrap().status, RequestStatus::Superseded);
        assert!(!requests.resolve(guild(1), first.request_id, RequestStatus::Closed).await.unwrap(), "superseded");
        assert!(requests.get(guild(2), second.request_id).await.unwrap().is_none(), "another server");
        assert!(!requests.resolve(guild(2), second.request_id, RequestStatus::Denied).await.unwrap());
        assert!(requests.resolve(guild(1), second.request_id, RequestStatus::Denied).await.unwrap());
        assert!(!requests.resolve(guild(1), second.request_id, RequestStatus::Accepted).await.unwrap(), "answered once");

        assert!(!requests.is_excluded(guild(1), 3).await.unwrap());
        assert!(requests.exclude(guild(1), 3, user(9), 3_000).await.unwrap());
        assert!(!requests.exclude(guild(1), 3, user(9), 3_000).await.unwrap());
        assert!(requests.is_excluded(guild(1), 3).await.unwrap());
        assert!(!requests.is_excluded(guild(2), 3).await.unwrap());
    }
);
