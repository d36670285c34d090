//! git-bindcheck as a library: the stages the `git-bindcheck` binary wires together, exposed
//! so that fuzz targets and property tests can drive them directly.
//!
//! Data flows one way: a source ([`git`], [`sources`], [`files`] with [`gitignore`]) yields
//! files and their base versions; [`python`] turns each into findings, asking [`project`] what
//! the repository's other modules hold; [`suppress`] and
//! [`diff`] annotate them; [`check`] runs that pipeline on both cores; [`report`] renders the
//! result. The rules and the sink catalogue are in [`rules`]; what counts as "all interfaces"
//! is in [`address`].

pub mod address;
pub mod check;
pub mod cli;
pub mod config;
pub mod config_file;
pub mod diff;
pub mod files;
pub mod finding;
pub mod git;
pub mod gitignore;
pub mod install;
pub mod manual;
pub mod path_rules;
pub mod project;
pub mod python;
pub mod report;
pub mod rules;
pub mod sources;
pub mod suppress;
