//! What every area's pages share and none of them owns: the page layout and error pages, the
//! request's language and viewer, form fields and parameters, money as officials write it,
//! charts, the map and links. Nothing here imports an area.

pub mod body;
pub mod chart;
pub mod download;
pub mod error;
pub mod event_chart;
pub mod fields;
pub mod forms;
pub mod json_tree;
pub mod lang;
pub mod layout;
pub mod links;
pub mod map;
pub mod money;
pub mod paging;
pub mod params;
pub mod refusals;
pub mod request;
pub mod revalidate;
pub mod svg;
pub mod synthetic;
pub mod time;
pub mod zipped;
