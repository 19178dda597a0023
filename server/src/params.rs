//! The OpenAPI descriptions of the parameters and refusals several routes share, as
//! [`utoipa::IntoParams`] and [`utoipa::IntoResponses`] (named in the routes' `#[utoipa::path]`
//! in place of the same tuples on each).

use std::collections::BTreeMap;

use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};
use utoipa::openapi::{RefOr, Required, Response};

/// A string parameter, or (`nullable`) a string or null, as utoipa describes an
/// `Option<String>` header.
fn text(name: &str, at: ParameterIn, required: Required, description: Option<&str>, nullable: bool) -> Parameter {
    let schema_type = if nullable { SchemaType::from_iter([Type::String, Type::Null]) } else { SchemaType::new(Type::String) };
    ParameterBuilder::new()
        .name(name)
        .parameter_in(at)
        .required(required)
        .description(description)
        .schema(Some(ObjectBuilder::new().schema_type(schema_type)))
        .build()
}

/// Answers without a body: status and description.
fn plain(answers: &[(&str, &str)]) -> BTreeMap<String, RefOr<Response>> {
    answers.iter().map(|(status, description)| ((*status).to_owned(), Response::new(*description).into())).collect()
}

/// A route about one submission, for its applicant: its id and receipt (in the query or a
/// header, see [`crate::extract::Receipt`]).
pub struct ReceiptParams;

impl utoipa::IntoParams for ReceiptParams {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![
            text("id", ParameterIn::Path, Required::True, Some("The submission id (from the 201 answer)."), false),
            text("receipt", ParameterIn::Query, Required::False, Some("The receipt token (or send X-Receipt)."), false),
            text("X-Receipt", ParameterIn::Header, Required::False, Some("The receipt token."), true),
        ]
    }
}

/// What a route about one submission answers when its receipt does not open it.
pub struct ReceiptRefusals;

impl utoipa::IntoResponses for ReceiptRefusals {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        plain(&[("400", "The query holds U+0000."), ("401", "No receipt token."), ("404", "No submission with this id and receipt.")])
    }
}

/// A review desk's action on one submission: its id and the session's CSRF token.
pub struct DeskActionParams;

impl utoipa::IntoParams for DeskActionParams {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![
            text("id", ParameterIn::Path, Required::True, None, false),
            text("X-CSRF-Token", ParameterIn::Header, Required::True, Some("The session's CSRF token."), false),
        ]
    }
}

/// What a review desk's action on one submission answers to a body it cannot read, without a
/// session (401), with a disabled account or no CSRF token (403), or for no such submission.
pub struct DeskActionRefusals;

impl utoipa::IntoResponses for DeskActionRefusals {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        plain(&[
            ("400", "The body is not a JSON object of this shape (or not sent as application/json)."),
            ("401", ""),
            ("403", ""),
            ("404", ""),
        ])
    }
}
