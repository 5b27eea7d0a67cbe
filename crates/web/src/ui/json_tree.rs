//! A JSON body read into a tree the way the API's document reads JSON (OpenAPI 3.1, that is
//! JSON Schema 2020-12): a number with no fraction is an integer however it is written, so
//! `3.0` or `3e0` where the document says integer is `3`, as a client in a language with one
//! number type sends it; and a member named twice in one object is refused, since which of the
//! two would count is otherwise the parser's choice, not the sender's.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// The tree of one JSON text, read as above.
pub struct Tree(pub Value);

impl<'de> Deserialize<'de> for Tree {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Tree, D::Error> {
        deserializer.deserialize_any(TreeVisitor).map(Tree)
    }
}

struct TreeVisitor;

impl<'de> Visitor<'de> for TreeVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(v.into())
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(v.into())
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(number(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        Tree::deserialize(deserializer).map(|t| t.0)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Tree(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut members = Map::new();
        while let Some(name) = map.next_key::<String>()? {
            if members.contains_key(&name) {
                return Err(de::Error::custom(format_args!("duplicate field `{name}`")));
            }
            let Tree(value) = map.next_value()?;
            members.insert(name, value);
        }
        Ok(Value::Object(members))
    }
}

/// `v` as an integer when it has no fraction and fits one; otherwise as the number it is.
fn number(v: f64) -> Value {
    // 2^64 and -2^63 are exact in f64; the casts below are exact inside these bounds.
    const U64_END: f64 = 18_446_744_073_709_551_616.0;
    const I64_START: f64 = -9_223_372_036_854_775_808.0;
    if v.fract() == 0.0 {
        if (0.0..U64_END).contains(&v) {
            return Value::from(v as u64);
        }
        if (I64_START..0.0).contains(&v) {
            return Value::from(v as i64);
        }
    }
    serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(text: &str) -> Result<Value, serde_json::Error> {
        serde_json::from_str::<Tree>(text).map(|t| t.0)
    }

    #[test]
    fn a_number_without_a_fraction_is_an_integer_however_it_is_written() {
        let read = tree(r#"{"a": 3.0, "b": 3e0, "c": -492.0, "d": 2.5, "e": 1e30, "f": [7, 7.0]}"#).unwrap();
        assert_eq!(read["a"], serde_json::json!(3));
        assert!(read["a"].is_u64() && read["b"].is_u64() && read["c"].is_i64());
        assert_eq!(read["c"], serde_json::json!(-492));
        assert!(
            read["d"].is_f64() && read["e"].is_f64(),
            "a fraction, or beyond any integer: {read}"
        );
        assert_eq!(read["f"], serde_json::json!([7, 7]));
    }

    #[test]
    fn a_member_named_twice_is_refused() {
        let err = tree(r#"{"outer": {"x": 1, "x": 2}}"#).unwrap_err();
        assert!(err.to_string().contains("duplicate field `x`"), "{err}");
        assert_eq!(tree(r#"{"x": null, "y": [true, "s"]}"#).unwrap()["y"][1], "s");
    }
}
