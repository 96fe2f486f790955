//! Outlet names the reader gave in the app: kept in the drop's state, never in its folder, and
//! keyed by the file's path relative to the drop so a moved state file still applies.

use std::collections::BTreeMap;

use anyhow::Result;
use rusqlite::params;

use super::Store;

impl Store {
    /// Every outlet name the reader gave, by the article's path as shown (`folder/name`).
    pub fn outlet_names(&self) -> Result<BTreeMap<String, String>> {
        let mut q = self
            .conn
            .prepare("SELECT path, outlet FROM outlet_names ORDER BY path")?;
        let rows = q.query_map([], |r| {
            Ok((self.shown(&r.get::<_, String>(0)?), r.get::<_, String>(1)?))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Name the outlet of the article at `path`; an empty or blank `outlet` forgets the name
    /// given, so drop.toml or the file's own outlet shows again.
    pub fn set_outlet_name(&mut self, path: &str, outlet: &str) -> Result<()> {
        let (path, outlet) = (self.rel(path), outlet.trim());
        if outlet.is_empty() {
            self.conn
                .execute("DELETE FROM outlet_names WHERE path = ?1", params![path])?;
        } else {
            self.conn.execute(
                "INSERT OR REPLACE INTO outlet_names (path, outlet) VALUES (?1, ?2)",
                params![path, outlet],
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::schema::SCHEMA_VERSION;
    use super::*;

    #[test]
    fn a_name_given_is_kept_replaced_and_forgotten() {
        let t = tempfile::tempdir().unwrap();
        let dir = t.path().join("drop");
        std::fs::create_dir(&dir).unwrap();
        let state = t.path().join("state.db");
        let shown = dir.join("rks_1.txt").display().to_string();
        {
            let mut s = Store::open(&dir, Some(&state)).unwrap();
            s.set_outlet_name(&shown, "RksNews").unwrap();
            s.set_outlet_name(&shown, " RKS ").unwrap();
        }
        let mut s = Store::open(&dir, Some(&state)).unwrap();
        let names = s.outlet_names().unwrap();
        assert_eq!(names.get(&shown).map(String::as_str), Some("RKS"));
        s.set_outlet_name(&shown, "  ").unwrap();
        assert!(s.outlet_names().unwrap().is_empty());
    }

    #[test]
    fn a_state_of_the_previous_schema_keeps_its_pins_and_gains_outlet_names() {
        let t = tempfile::tempdir().unwrap();
        let dir = t.path().join("drop");
        std::fs::create_dir(&dir).unwrap();
        let path = t.path().join("state.db");
        super::super::schema::old_state_with_a_pin(&path, 3);
        let mut store = Store::open(&dir, Some(&path)).unwrap();
        assert!(store.warnings().is_empty(), "{:?}", store.warnings());
        assert_eq!(store.pins().unwrap().len(), 1);
        let version: i32 = store
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, SCHEMA_VERSION);
        assert_eq!(SCHEMA_VERSION, 4);
        let shown = dir.join("a.txt").display().to_string();
        store.set_outlet_name(&shown, "Reuters").unwrap();
        assert_eq!(store.outlet_names().unwrap()[&shown], "Reuters");
    }
}
