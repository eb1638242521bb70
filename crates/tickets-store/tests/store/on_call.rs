//! On-call roles: one per team and server (the Default team as well), replaced when recreated,
//! gone with their team, and never visible to another server; and the teams a member is on call
//! for, found through their id or their roles.

use crate::*;
use tickets_model::permissions::PermissionLevel::{Admin, Support};
use tickets_model::staff::{MemberOrRole, TeamName};
use tickets_model::{RoleId, TeamId};

db_test!(
    async fn each_team_has_one_on_call_role_per_server(db) {
        let on_call = db.on_call();
        let team = db.staff().create_team(guild(1), &TeamName::parse("Billing").unwrap()).await.unwrap().team_id;
        let billing = Some(team);
        assert_eq!(on_call.role(guild(1), None).await.unwrap(), None);
        assert!(on_call.all(guild(1)).await.unwrap().is_empty());

        on_call.set_role(guild(1), billing, RoleId::new(71)).await.unwrap();
        on_call.set_role(guild(1), None, RoleId::new(70)).await.unwrap();
        assert_eq!(on_call.role(guild(1), None).await.unwrap(), Some(RoleId::new(70)));
        assert_eq!(on_call.role(guild(1), billing).await.unwrap(), Some(RoleId::new(71)));
        assert_eq!(
            on_call.all(guild(1)).await.unwrap(),
            [(None, RoleId::new(70)), (billing, RoleId::new(71))],
            "the Default team first"
        );

        // A role deleted in Discord is replaced by the one created again: an upsert.
        on_call.set_role(guild(1), None, RoleId::new(72)).await.unwrap();
        assert_eq!(on_call.role(guild(1), None).await.unwrap(), Some(RoleId::new(72)));

        // Another server sees none of it, and its own Default team is its own.
        assert_eq!(on_call.role(guild(2), None).await.unwrap(), None);
        assert_eq!(on_call.role(guild(2), billing).await.unwrap(), None);
        assert!(on_call.all(guild(2)).await.unwrap().is_empty());
        on_call.set_role(guild(2), None, RoleId::new(80)).await.unwrap();
        assert_eq!(on_call.role(guild(1), None).await.unwrap(), Some(RoleId::new(72)));

        // Deleting the team forgets its role.
        assert!(db.staff().delete_team(guild(1), team).await.unwrap());
        assert_eq!(on_call.all(guild(1)).await.unwrap(), [(None, RoleId::new(72))]);
    }
);

db_test!(
    async fn a_role_is_replaced_only_by_whoever_saw_the_current_one(db) {
        let on_call = db.on_call();
        let team = Some(TeamId::new(5).unwrap());
        assert!(on_call.replace_role(guild(1), team, None, RoleId::new(1)).await.unwrap());
        // A second creator who also saw no role loses, and the first role stays.
        assert!(!on_call.replace_role(guild(1), team, None, RoleId::new(2)).await.unwrap());
        assert_eq!(on_call.role(guild(1), team).await.unwrap(), Some(RoleId::new(1)));
        // Replacing a deleted role works once; a stale view of it loses.
        assert!(on_call.replace_role(guild(1), team, Some(RoleId::new(1)), RoleId::new(3)).await.unwrap());
        assert!(!on_call.replace_role(guild(1), team, Some(RoleId::new(1)), RoleId::new(4)).await.unwrap());
        assert_eq!(on_call.role(guild(1), team).await.unwrap(), Some(RoleId::new(3)));
        // Another server's row is not touched.
        assert!(!on_call.replace_role(guild(2), team, Some(RoleId::new(3)), RoleId::new(9)).await.unwrap());
        assert_eq!(on_call.role(guild(2), team).await.unwrap(), None);
    }
);

db_test!(
    async fn a_members_teams_and_default_level_come_from_their_id_and_roles(db) {
        let staff = db.staff();
        let helpers = RoleId::new(50);
        let billing = staff.create_team(guild(1), &TeamName::parse("Billing").unwrap()).await.unwrap();
        let abuse = staff.create_team(guild(1), &TeamName::parse("Abuse").unwrap()).await.unwrap();
        staff.create_team(guild(1), &TeamName::parse("Empty").unwrap()).await.unwrap();
        staff.add_team_member(guild(1), billing.team_id, MemberOrRole::User(user(1))).await.unwrap();
        staff.add_team_member(guild(1), abuse.team_id, MemberOrRole::Role(helpers)).await.unwrap();
        staff.add_team_member(guild(1), billing.team_id, MemberOrRole::Role(helpers)).await.unwrap();

        let names = |teams: Vec<tickets_store::staff::TeamRow>| teams.into_iter().map(|t| t.name).collect::<Vec<_>>();
        assert_eq!(names(staff.teams_of_member(guild(1), user(1), &[]).await.unwrap()), ["Billing"]);
        assert_eq!(names(staff.teams_of_member(guild(1), user(1), &[helpers]).await.unwrap()), ["Abuse", "Billing"], "once each, by name");
        assert_eq!(names(staff.teams_of_member(guild(1), user(2), &[helpers]).await.unwrap()), ["Abuse", "Billing"]);
        assert!(staff.teams_of_member(guild(1), user(2), &[]).await.unwrap().is_empty());
        assert!(staff.teams_of_member(guild(2), user(1), &[helpers]).await.unwrap().is_empty(), "another server");

        // Team members are support overall, but not members of the Default team.
        assert_eq!(staff.default_team_level(guild(1), user(1), &[helpers]).await.unwrap(), None);
        staff.grant(guild(1), MemberOrRole::Role(helpers), Support).await.unwrap();
        staff.grant(guild(1), MemberOrRole::User(user(3)), Admin).await.unwrap();
        assert_eq!(staff.default_team_level(guild(1), user(1), &[helpers]).await.unwrap(), Some(Support));
        assert_eq!(staff.default_team_level(guild(1), user(3), &[helpers]).await.unwrap(), Some(Admin));
        assert_eq!(staff.default_team_level(guild(2), user(3), &[helpers]).await.unwrap(), None);
    }
);
