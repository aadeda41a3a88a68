//! The AWS Regions, from botocore's endpoint data (`data/regions/regions.tsv`, written by
//! `scripts/refresh-regions.sh` with the botocore version and date in its header).

/// The table: `partition<TAB>region<TAB>description` lines after `#` comments.
const TABLE: &str = include_str!("../data/regions/regions.tsv");

/// One AWS Region.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    /// `aws`, `aws-cn`, `aws-us-gov`, ...
    pub partition: &'static str,
    /// `us-west-2`.
    pub name: &'static str,
    /// `US West (Oregon)`.
    pub description: &'static str,
}

/// Every Region the table holds, in its order (by partition, then name).
pub fn aws_regions() -> impl Iterator<Item = Region> {
    TABLE
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut parts = l.split('\t');
            Some(Region {
                partition: parts.next()?,
                name: parts.next()?,
                description: parts.next().unwrap_or(""),
            })
        })
}

/// The Region named `name`, if AWS has it.
pub fn aws_region(name: &str) -> Option<Region> {
    aws_regions().find(|r| r.name == name)
}

/// Where the table comes from: its first comment lines, joined.
pub fn regions_source() -> String {
    TABLE
        .lines()
        .take_while(|l| l.starts_with('#'))
        .take(2)
        .map(|l| l.trim_start_matches('#').trim())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The Regions nearest to a mistyped name (same prefix, or one edit away), for a hint.
pub fn similar_regions(name: &str) -> Vec<&'static str> {
    let prefix = name.split('-').next().unwrap_or("");
    let mut near: Vec<&'static str> = aws_regions()
        .map(|r| r.name)
        .filter(|r| edit_distance(r, name) <= 2)
        .collect();
    if near.is_empty() && !prefix.is_empty() {
        near = aws_regions()
            .map(|r| r.name)
            .filter(|r| r.split('-').next() == Some(prefix))
            .collect();
    }
    near.truncate(6);
    near
}

/// Levenshtein distance over bytes (Region names are ASCII).
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if ca == cb {
                diagonal
            } else {
                1 + diagonal.min(above).min(row[j])
            };
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_holds_the_partitions_and_their_regions() {
        let all: Vec<Region> = aws_regions().collect();
        assert!(all.len() >= 40, "{} Regions", all.len());
        let oregon = aws_region("us-west-2").expect("us-west-2");
        assert_eq!(oregon.partition, "aws");
        assert_eq!(oregon.description, "US West (Oregon)");
        assert_eq!(
            aws_region("cn-north-1").map(|r| r.partition),
            Some("aws-cn")
        );
        assert_eq!(
            aws_region("us-gov-west-1").map(|r| r.partition),
            Some("aws-us-gov")
        );
        assert_eq!(aws_region("us-west-9"), None);
        assert_eq!(aws_region("US-WEST-2"), None);
        // Every name once.
        let mut names: Vec<&str> = all.iter().map(|r| r.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), all.len());
        assert!(regions_source().starts_with("AWS Regions from botocore "));
    }

    #[test]
    fn a_mistyped_region_gets_the_near_ones() {
        assert!(similar_regions("us-west-3").contains(&"us-west-2"));
        assert!(similar_regions("eu-wset-1").contains(&"eu-west-1"));
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert!(similar_regions("zz").is_empty());
    }
}
