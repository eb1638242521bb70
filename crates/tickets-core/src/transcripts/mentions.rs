//! Names for the ids a message's text mentions, taken at capture time: a transcript read years
//! later still says who and what was meant, even once the member left or the role was deleted.

use crate::cache::{ChannelFact, RoleFact};
use tickets_transcripts::format::{NamedChannel, NamedRole};

/// The ids of `<#id>` channel mentions in a message's text.
pub(crate) fn channel_ids(content: &str) -> Vec<u64> {
    ids_after(content, "<#")
}

fn ids_after(content: &str, opening: &str) -> Vec<u64> {
    let mut ids = Vec::new();
    let mut rest = content;
    while let Some(start) = rest.find(opening) {
        rest = &rest[start + opening.len()..];
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if rest[digits.len()..].starts_with('>')
            && let Ok(id) = digits.parse::<u64>()
            && !ids.contains(&id)
        {
            ids.push(id);
        }
    }
    ids
}

/// The named roles among `roles` of the server (`mention_roles` of a message); unknown ones are
/// left out, and the page shows their id.
pub(crate) fn named_roles(ids: &[u64], roles: &[RoleFact]) -> Vec<NamedRole> {
    ids.iter()
        .filter_map(|id| roles.iter().find(|role| role.id.get() == *id))
        .map(|role| NamedRole {
            id: role.id.to_string(),
            name: role.name.to_string(),
            color: colour(role.color),
        })
        .collect()
}

/// The named channels among the text's channel mentions.
pub(crate) fn named_channels(content: &str, channels: &[ChannelFact]) -> Vec<NamedChannel> {
    channel_ids(content)
        .into_iter()
        .filter_map(|id| channels.iter().find(|channel| channel.id.get() == id))
        .map(|channel| NamedChannel {
            id: channel.id.to_string(),
            name: channel.name.to_string(),
        })
        .collect()
}

/// A Discord colour as `#rrggbb`; 0 means none.
pub(crate) fn colour(value: u32) -> Option<String> {
    (value != 0).then(|| format!("#{value:06x}"))
}

/// The colour a member's name wears: that of their highest coloured role.
pub(crate) fn top_colour(
    member_roles: &[tickets_model::RoleId],
    roles: &[RoleFact],
) -> Option<String> {
    roles
        .iter()
        .filter(|role| role.color != 0 && member_roles.contains(&role.id))
        .max_by_key(|role| role.position)
        .and_then(|role| colour(role.color))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tickets_model::RoleId;

    fn role(id: u64, position: i64, color: u32) -> RoleFact {
        RoleFact {
            id: RoleId::new(id),
            name: format!("role {id}").into(),
            position,
            managed: false,
            color,
        }
    }

    #[test]
    fn channel_mentions_are_found_once_each_and_broken_ones_ignored() {
        assert_eq!(
            channel_ids("see <#12> and <#12>, <#34>; not <#5 or <#x>"),
            [12, 34]
        );
    }

    #[test]
    fn the_name_wears_the_highest_coloured_role() {
        let roles = [role(1, 5, 0xff0000), role(2, 9, 0), role(3, 7, 0x00ff00)];
        let member = [RoleId::new(1), RoleId::new(2), RoleId::new(3)];
        assert_eq!(top_colour(&member, &roles).as_deref(), Some("#00ff00"));
        assert_eq!(top_colour(&[RoleId::new(2)], &roles), None);
        assert_eq!(named_roles(&[3, 99], &roles)[0].name, "role 3");
        assert_eq!(named_roles(&[3, 99], &roles).len(), 1);
    }
}
