//! The API's OpenAPI document against the API itself: every `/api/v1` route the app serves is
//! in the document and nothing else is; every operation that declares a token refuses a caller
//! without one; and real answers — public ones, and a province's own plan — hold to the
//! schemas the document gives, with no field it does not describe.

use serde_json::Value;

use crate::common;

use common::TestApp;
use sandan_domain::call::Call;
use sandan_domain::package::sourced_programs;
use sandan_domain::{Day, Proposal, Region, Role};
use sandan_store::Change;
use sandan_store::testing::round_open_until;

/// `schema`, or the component it refers to.
fn resolved<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(reference) => &doc["components"]["schemas"][reference.trim_start_matches("#/components/schemas/")],
        None => schema,
    }
}

/// Where `value` departs from `schema` (resolving `$ref`s in `doc`), as "path: problem".
pub(crate) fn departures(doc: &Value, schema: &Value, value: &Value, at: &str) -> Vec<String> {
    if schema.get("$ref").is_some() {
        return departures(doc, resolved(doc, schema), value, at);
    }
    // A flattened struct is the union of its parts: one object with all their fields.
    if let Some(parts) = schema["allOf"].as_array() {
        let mut merged = serde_json::json!({ "type": "object", "properties": {}, "required": [] });
        for part in parts {
            let part = resolved(doc, part);
            for (name, property) in part["properties"].as_object().into_iter().flatten() {
                merged["properties"][name] = property.clone();
            }
            for name in part["required"].as_array().into_iter().flatten() {
                merged["required"].as_array_mut().unwrap().push(name.clone());
            }
        }
        return departures(doc, &merged, value, at);
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(branches) = schema[key].as_array() {
            let results: Vec<Vec<String>> = branches.iter().map(|b| departures(doc, b, value, at)).collect();
            return if results.iter().any(Vec::is_empty) {
                Vec::new()
            } else {
                vec![format!("{at}: fits no branch of {key}: {results:?}")]
            };
        }
    }
    let types: Vec<&str> = match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let is = |t: &str| match t {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "string" => value.is_string(),
        "boolean" => value.is_boolean(),
        "null" => value.is_null(),
        _ => false,
    };
    if !types.is_empty() && !types.iter().any(|t| is(t)) {
        return vec![format!("{at}: {value} is not {types:?}")];
    }
    if let Some(allowed) = schema["enum"].as_array()
        && !allowed.contains(value)
    {
        return vec![format!("{at}: {value} is not one of {allowed:?}")];
    }
    let mut found = Vec::new();
    if let (Some(object), Some(properties)) = (value.as_object(), schema["properties"].as_object()) {
        for required in schema["required"].as_array().into_iter().flatten() {
            let name = required.as_str().unwrap_or_default();
            if !object.contains_key(name) {
                found.push(format!("{at}.{name}: required, missing"));
            }
        }
        for (name, field) in object {
            match properties.get(name) {
                Some(property) => found.extend(departures(doc, property, field, &format!("{at}.{name}"))),
                None if schema["additionalProperties"].is_null() => {
                    found.push(format!("{at}.{name}: not in the document"));
                }
                None => {}
            }
        }
    }
    if let (Some(items), Some(schema)) = (value.as_array(), schema.get("items")) {
        for (i, item) in items.iter().enumerate() {
            found.extend(departures(doc, schema, item, &format!("{at}[{i}]")));
        }
    }
    found
}

/// The schema of `method path`'s 200 answer.
pub(crate) fn answer_schema<'a>(doc: &'a Value, path: &str, method: &str) -> &'a Value {
    &doc["paths"][path][method]["responses"]["200"]["content"]["application/json"]["schema"]
}

#[tokio::test]
async fn the_openapi_document_describes_every_api_route_and_each_answers_within_it() {
    for app in TestApp::all().await {
        let label = app.label();
        let (status, doc) = app.json("/api/v1/openapi.json").await;
        assert_eq!(status, 200);
        let mut documented: Vec<&str> = doc["paths"].as_object().unwrap().keys().map(String::as_str).collect();
        documented.sort();
        let mut routed: Vec<&str> = sandan_web::route_paths()
            .into_iter()
            .filter(|p| p.starts_with("/api/v1/") && *p != "/api/v1/openapi.json")
            .collect();
        routed.sort();
        assert_eq!(documented, routed, "every API route is documented, and only those");

        // A program, and a project of a plan the record funds, for the package's addresses.
        let store = &app.db.store;
        let setup = Change {
            actor: "setup",
            at: "2026-12-03T00:00:00Z",
            source: "test",
        };
        store.load_programs_if_empty(&sourced_programs(), &setup).await.unwrap();
        let program = store.programs().await.unwrap()[0].id;
        let (round, region) = store.funded_plans().await.unwrap()[0];
        let project = store
            .add_project(round, region, "문서 시험 사업", Some(program), &setup)
            .await
            .unwrap();
        let concrete = |path: &str| {
            let id = if path.starts_with("/api/v1/programs/") {
                program.to_string()
            } else if path.starts_with("/api/v1/package/projects/") {
                project.to_string()
            } else {
                "gunsan".to_string()
            };
            path.replace("{id}", &id)
                .replace("{year}", "2021")
                .replace("{region}", "%EC%A0%84%EB%B6%81")
                .replace("{format}", "csv")
        };
        let mut refused_empty = Vec::new();
        for (path, operations) in doc["paths"].as_object().unwrap() {
            for (method, operation) in operations.as_object().unwrap() {
                let url = format!("{}{}", app.base, concrete(path));
                if operation.get("security").is_some() {
                    let response = app
                        .client
                        .request(method.to_uppercase().parse().unwrap(), &url)
                        .header("content-type", "application/json")
                        .body("{}")
                        .send()
                        .await
                        .unwrap();
                    assert_eq!(
                        response.status(),
                        401,
                        "{label}: {method} {path} needs a session or token"
                    );
                    continue;
                }
                if method != "get" {
                    // A public write (filing an 애로사항, following one): an empty body is
                    // refused with a documented status and the error body.
                    let response = app
                        .client
                        .request(method.to_uppercase().parse().unwrap(), &url)
                        .header("content-type", "application/json")
                        .body("{}")
                        .send()
                        .await
                        .unwrap();
                    let status = response.status().as_u16().to_string();
                    assert!(
                        operation["responses"].get(&status).is_some(),
                        "{label}: {method} {path} answered {status}, which it does not document"
                    );
                    let body: Value = response.json().await.unwrap();
                    let schema = &operation["responses"][&status]["content"]["application/json"]["schema"];
                    let problems = departures(&doc, schema, &body, "");
                    assert!(problems.is_empty(), "{label} {method} {path}: {problems:#?}");
                    continue;
                }
                if path.contains("/results") && path.contains("/plans/") {
                    // Results are kept for funded plans only: read in `results_api`, once one is.
                    continue;
                }
                let documented = operation["responses"]["200"]["content"].as_object().unwrap();
                if !documented.contains_key("application/json") {
                    // A file (an official report): the media type it comes as is documented.
                    let response = app.get(&concrete(path)).await;
                    assert_eq!(response.status(), 200, "{label} {path}");
                    let media = response.headers()["content-type"].to_str().unwrap();
                    let media = media.split(';').next().unwrap();
                    assert!(documented.contains_key(media), "{label} {path} came as {media}");
                    continue;
                }
                let (status, body) = app.json(&concrete(path)).await;
                assert_eq!(status, 200, "{label} {path}");
                let problems = departures(&doc, answer_schema(&doc, path, "get"), &body, "");
                assert!(
                    problems.is_empty(),
                    "{label} {path} answers outside its schema: {problems:#?}"
                );
                // A query parameter an empty value does not fit (a number, one of a list) is
                // refused when sent empty, not read as absent: the document promises a 400.
                for parameter in operation["parameters"].as_array().into_iter().flatten() {
                    let empty = Value::String(String::new());
                    if parameter["in"] != "query" || departures(&doc, &parameter["schema"], &empty, "").is_empty() {
                        continue;
                    }
                    let name = parameter["name"].as_str().unwrap();
                    let (status, body) = app.json(&format!("{}?{name}=", concrete(path))).await;
                    assert_eq!(
                        (status, body["error"]["code"].as_str()),
                        (400, Some("bad_input")),
                        "{label} {path}?{name}= : {body}"
                    );
                    refused_empty.push(format!("{path}?{name}"));
                }
            }
        }
        // Those the document types are all there: the check above did not pass for want of any.
        refused_empty.sort();
        refused_empty.dedup();
        assert_eq!(
            refused_empty,
            [
                "/api/v1/complexes?kind",
                "/api/v1/complexes?limit",
                "/api/v1/dashboard?round",
                "/api/v1/package/projects?limit",
                "/api/v1/package/projects?program",
                "/api/v1/package/projects?round",
                "/api/v1/package?round",
                "/api/v1/package?year",
                "/api/v1/programs?limit",
                "/api/v1/rounds?limit",
            ],
            "{label}"
        );
        assert_eq!(doc["components"]["securitySchemes"]["bearer"]["scheme"], "bearer");
        let scheme = doc["components"]["securitySchemes"]["bearer"]["description"]
            .as_str()
            .unwrap();
        assert!(
            scheme.contains("token_scope") && scheme.contains("grievances (애로사항)"),
            "{scheme}"
        );
        // Each write names the scope the server enforces for it.
        let proposal = &doc["paths"]["/api/v1/rounds/{year}/proposals/{region}"];
        assert_eq!(proposal["put"]["x-scope"], "proposals");
        assert_eq!(proposal["patch"]["x-scope"], "proposals");
        assert!(
            proposal.get("get").unwrap().get("x-scope").is_none(),
            "reads need no scope"
        );
        assert_eq!(doc["paths"]["/api/v1/grievances/follow"]["post"]["x-scope"], "read");
        assert_eq!(doc["paths"]["/api/v1/tokens/{id}"]["delete"]["x-scope"], "accounts");
        let (_, record) = app.json("/api/v1/record").await;
        assert_eq!(
            record,
            serde_json::from_str::<Value>(sandan_domain::bundled::BUNDLED_JSON).unwrap()
        );

        // A province's own plan, as its officer reads it, within the documented schema.
        store
            .open_round(&round_open_until(2027, Day::ymd(2027, 3, 31)), &Call::new(2027), &setup)
            .await
            .unwrap();
        let plan = Proposal {
            vision: "경기 비전".into(),
            ..Proposal::default()
        };
        store
            .save_draft(2027, Region::Gyeonggi, &plan, 0, &setup)
            .await
            .unwrap();
        let gg = app
            .signed_in(
                "ggo",
                &[Role::ProvincialOfficer {
                    region: Region::Gyeonggi,
                }],
            )
            .await;
        let path = "/api/v1/rounds/{year}/proposals/{region}";
        let (status, body) = app.get_as(&gg, "/api/v1/rounds/2027/proposals/gyeonggi").await;
        assert_eq!(status, 200, "{body}");
        let body: Value = serde_json::from_str(&body).unwrap();
        let problems = departures(&doc, answer_schema(&doc, path, "get"), &body, "");
        assert!(
            problems.is_empty(),
            "{label} {path} answers outside its schema: {problems:#?}"
        );
        assert_eq!(body["proposal"]["vision"], "경기 비전");

        // An 애로사항 filed, followed and read by its province, each answer within its schema.
        let operation = |path: &str, method: &str, status: &str| {
            doc["paths"][path][method]["responses"][status]["content"]["application/json"]["schema"].clone()
        };
        let filing = serde_json::json!({
            "complex": "banwol-sihwa", "category": "workforce", "title": "인력", "body": "부족합니다.",
            "filer": {"name": "김민수", "organisation": "(주)시화", "phone": "031-123-4567"},
            "wants_public": true, "password": "Follow#2026"
        });
        let response = app
            .client
            .post(format!("{}/api/v1/grievances", app.base))
            .json(&filing)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201);
        let filed: Value = response.json().await.unwrap();
        let problems = departures(&doc, &operation("/api/v1/grievances", "post", "201"), &filed, "");
        assert!(problems.is_empty(), "{label} filing: {problems:#?}");
        let follow = serde_json::json!({"receipt": filed["receipt"], "password": "Follow#2026"});
        let followed: Value = app
            .client
            .post(format!("{}/api/v1/grievances/follow", app.base))
            .json(&follow)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let problems = departures(
            &doc,
            &operation("/api/v1/grievances/follow", "post", "200"),
            &followed,
            "",
        );
        assert!(problems.is_empty(), "{label} following: {problems:#?}");
        for path in [
            format!("/api/v1/grievances/{}", filed["id"]),
            "/api/v1/grievances".to_string(),
        ] {
            let (status, body) = app.get_as(&gg, &path).await;
            assert_eq!(status, 200, "{body}");
            let template = if path.ends_with("grievances") {
                "/api/v1/grievances"
            } else {
                "/api/v1/grievances/{id}"
            };
            let body: Value = serde_json::from_str(&body).unwrap();
            let problems = departures(&doc, answer_schema(&doc, template, "get"), &body, "");
            assert!(problems.is_empty(), "{label} {path}: {problems:#?}");
        }
    }
}

/// The document keys schemas by type name, and a second type of the same name silently takes the
/// first one's place (a round's published 평가지표 was once documented as the impact indicator's
/// string). So every type that derives `ToSchema` anywhere in the tree has a name of its own, or
/// one given with `schema(as = …)`.
#[test]
fn every_schema_type_has_a_name_of_its_own() {
    // Every crate's sources: crates/*/src/**.rs.
    let crates = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    let mut dirs: Vec<std::path::PathBuf> = std::fs::read_dir(&crates)
        .unwrap()
        .flatten()
        .map(|e| e.path().join("src"))
        .filter(|p| p.is_dir())
        .collect();
    while let Some(dir) = dirs.pop() {
        for path in std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.path()) {
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    let mut seen: std::collections::BTreeMap<String, String> = std::collections::BTreeMap::new();
    let mut clashes = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            if !(line.trim_start().starts_with("#[") && line.contains("ToSchema")) {
                continue;
            }
            let renamed = line
                .split("schema(as = ")
                .nth(1)
                .map(|rest| rest.split(')').next().unwrap_or("").trim().to_string());
            let Some(declared) = lines[i..].iter().take(6).find_map(|l| {
                let l = l.trim_start();
                ["pub struct ", "pub enum ", "struct ", "enum "]
                    .iter()
                    .find_map(|k| l.strip_prefix(k))
                    .map(|rest| {
                        rest.split(|c: char| !c.is_alphanumeric() && c != '_')
                            .next()
                            .unwrap_or("")
                            .to_string()
                    })
            }) else {
                continue;
            };
            let name = renamed.unwrap_or(declared);
            let at = format!("{}:{}", file.display(), i + 1);
            if let Some(first) = seen.insert(name.clone(), at.clone()) {
                clashes.push(format!("{name}: {first} and {at}"));
            }
        }
    }
    assert!(seen.len() > 50, "the scan found the schema types ({})", seen.len());
    assert!(clashes.is_empty(), "schema names used twice:\n{}", clashes.join("\n"));
}
