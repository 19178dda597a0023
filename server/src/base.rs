//! Registering a base from a JSON file (the `register-base` command), until the review desk
//! certifies applications into the registry itself.

use aii_rules::forms::{Role, UnitKind};
use aii_rules::{Date, Uscc};
use serde::Deserialize;

use crate::repo::{BaseIdentity, NewBase, NewOfficer, PartnerUnit};

/// The file's shape. Example: `server/examples/base.json`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaseFile {
    /// The id to register under; a random one when absent.
    #[serde(default)]
    pub id: Option<String>,
    /// The XXXXX of the Art. 12 name.
    pub short_name: String,
    pub responsible_unit: UnitFile,
    pub directions: Vec<String>,
    #[serde(default)]
    pub partners: Vec<PartnerFile>,
    #[serde(default)]
    pub officers: Vec<OfficerFile>,
    #[serde(default)]
    pub revoked: bool,
    /// The day it was certified (Art. 12), `YYYY-MM-DD`; default: the day it is registered
    /// (Beijing time).
    #[serde(default)]
    pub certified_on: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitFile {
    pub name: String,
    pub uscc: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartnerFile {
    pub name: String,
    pub uscc: String,
    pub kind: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfficerFile {
    pub role: String,
    pub name: String,
    pub term_start: String,
    pub term_end: String,
}

fn uscc(s: &str, what: &str) -> anyhow::Result<String> {
    Uscc::parse(s).map(|u| u.as_str().to_owned()).map_err(|e| anyhow::anyhow!("{what}: not a valid USCC ({})", e.code()))
}

fn date(s: &str, what: &str) -> anyhow::Result<Date> {
    Date::parse(s).ok_or_else(|| anyhow::anyhow!("{what}: not a date written YYYY-MM-DD"))
}

impl BaseFile {
    /// Checks the file and builds the registry entry (the Art. 12 full name included).
    /// `today` (the server's date, `--today` included) is the certification date when the file gives none.
    pub fn into_new_base(self, now_ms: i64, today: Date) -> anyhow::Result<NewBase> {
        let short = self.short_name.trim();
        anyhow::ensure!(!short.is_empty(), "short_name is empty");
        let unit_name = self.responsible_unit.name.trim();
        anyhow::ensure!(!unit_name.is_empty(), "responsible_unit.name is empty");
        let responsible_uscc = uscc(&self.responsible_unit.uscc, "responsible_unit.uscc")?;
        anyhow::ensure!((1..=3).contains(&self.directions.len()), "a base has one to three directions");
        for (i, code) in self.directions.iter().enumerate() {
            anyhow::ensure!(aii_rules::catalog::direction(code).is_some(), "directions/{i}: `{code}` is not in the position catalog");
            anyhow::ensure!(!self.directions[..i].contains(code), "directions/{i}: `{code}` is listed twice");
        }
        let mut partners = Vec::with_capacity(self.partners.len());
        for (i, p) in self.partners.iter().enumerate() {
            anyhow::ensure!(!p.name.trim().is_empty(), "partners/{i}/name is empty");
            anyhow::ensure!(
                UnitKind::parse(&p.kind).is_some(),
                "partners/{i}/kind: one of enterprise, university, vocational_college, research_institute"
            );
            partners.push(PartnerUnit {
                name: p.name.trim().to_owned(),
                uscc: uscc(&p.uscc, &format!("partners/{i}/uscc"))?,
                kind: p.kind.clone(),
            });
        }
        let mut officers = Vec::with_capacity(self.officers.len());
        for (i, o) in self.officers.iter().enumerate() {
            anyhow::ensure!(Role::parse(&o.role).is_some(), "officers/{i}/role: director or deputy_director");
            anyhow::ensure!(!o.name.trim().is_empty(), "officers/{i}/name is empty");
            let start = date(&o.term_start, &format!("officers/{i}/term_start"))?;
            let end = date(&o.term_end, &format!("officers/{i}/term_end"))?;
            anyhow::ensure!(start <= end, "officers/{i}: the term ends before it starts");
            officers.push(NewOfficer {
                role: o.role.clone(),
                name: o.name.trim().to_owned(),
                term_start: start.to_string(),
                term_end: end.to_string(),
            });
        }
        let id = match self.id {
            Some(id) => {
                let id = id.trim().to_owned();
                anyhow::ensure!(
                    (1..=64).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
                    "id: 1 to 64 letters, digits, `-` or `_`"
                );
                id
            }
            None => format!("base-{}", crate::crypto::random_hex(8)),
        };
        let certified_on = match &self.certified_on {
            Some(d) => date(d, "certified_on")?,
            None => today,
        };
        Ok(NewBase {
            identity: BaseIdentity {
                id,
                short_name: short.to_owned(),
                full_name: aii_rules::full_base_name(short, unit_name),
                responsible_name: unit_name.to_owned(),
                responsible_uscc,
                directions: self.directions,
                partners,
            },
            officers,
            revoked: self.revoked,
            certified_on: certified_on.to_string(),
            now_ms,
        })
    }
}

/// Reads and checks a base file.
pub fn read_file(path: &std::path::Path, now_ms: i64, today: Date) -> anyhow::Result<NewBase> {
    let text = std::fs::read_to_string(path).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
    let file: BaseFile = serde_json::from_str(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    file.into_new_base(now_ms, today)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> BaseFile {
        serde_json::from_str(include_str!("../examples/base.json")).unwrap()
    }

    #[test]
    fn the_example_registers() {
        let base = example().into_new_base(0, Date::from_unix_ms(0, 480)).unwrap();
        assert_eq!(base.identity.full_name, "工业互联网产业联盟长三角智造实训基地（示例工业职业技术大学）");
        assert_eq!(base.identity.responsible_uscc, "12310104729436482D");
        assert!(base.identity.id.starts_with("base-"));
        assert_eq!(base.identity.partners.len(), 2);
    }

    #[test]
    fn bad_files_are_refused() {
        let mut f = example();
        f.directions = vec!["no.such.direction".into()];
        assert!(f.into_new_base(0, Date::from_unix_ms(0, 480)).is_err());
        let mut f = example();
        f.responsible_unit.uscc = "12310104729436482A".into();
        assert!(f.into_new_base(0, Date::from_unix_ms(0, 480)).is_err());
        let mut f = example();
        f.partners[0].kind = "club".into();
        assert!(f.into_new_base(0, Date::from_unix_ms(0, 480)).is_err());
        let mut f = example();
        f.id = Some("has space".into());
        assert!(f.into_new_base(0, Date::from_unix_ms(0, 480)).is_err());
        assert!(
            serde_json::from_str::<BaseFile>(r#"{"short_name":"x","responsible_unit":{"name":"a","uscc":"b"},"directions":[],"typo":1}"#)
                .is_err()
        );
    }
}
