//! The blacklist: a member or any of their roles bars them, in their own server only.

use crate::*;
use tickets_model::RoleId;
use tickets_store::blacklist::Barred;

db_test!(
    async fn a_barred_member_or_role_is_found_in_its_server_only(db) {
        let list = db.blacklist();
        let (troll, role, other_role) = (user(1), RoleId::new(50), RoleId::new(51));
        assert!(!list.bars(guild(1), troll, &[role]).await.unwrap());
        list.add(guild(1), Barred::User(troll)).await.unwrap();
        list.add(guild(1), Barred::User(troll)).await.unwrap();
        assert!(list.bars(guild(1), troll, &[]).await.unwrap());
        assert!(!list.bars(guild(2), troll, &[]).await.unwrap(), "another server");

        list.add(guild(1), Barred::Role(role)).await.unwrap();
        assert_eq!(
            list.list(guild(1)).await.unwrap(),
            [Barred::User(troll), Barred::Role(role)]
        );
        assert!(list.list(guild(2)).await.unwrap().is_empty());
        assert!(list.bars(guild(1), user(2), &[other_role, role]).await.unwrap());
        assert!(!list.bars(guild(1), user(2), &[other_role]).await.unwrap());

        assert!(list.remove(guild(1), Barred::User(troll)).await.unwrap());
        assert!(!list.remove(guild(1), Barred::User(troll)).await.unwrap());
        assert!(!list.bars(guild(1), troll, &[]).await.unwrap());
    }
);
