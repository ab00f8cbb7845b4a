//! JSON values across the JS boundary through the browser's own `JSON` (not a serde bridge: each
//! generic `Value` conversion compiled in costs kilobytes of the first download).

use serde_json::Value;
use wasm_bindgen::JsValue;

/// `value` as a plain JS value (objects, arrays, strings, numbers, booleans, null).
pub fn to_js(value: &Value) -> JsValue {
    js_sys::JSON::parse(&value.to_string()).unwrap_or(JsValue::NULL)
}

/// A JS value as JSON (`undefined`: null), or why it is none (a function, a cycle, a BigInt…).
pub fn from_js(value: &JsValue) -> Result<Value, String> {
    if value.is_undefined() {
        return Ok(Value::Null);
    }
    let text = js_sys::JSON::stringify(value)
        .map_err(|_| "it is not JSON (a cycle, or a BigInt)".to_owned())?
        .as_string()
        .ok_or_else(|| "it is not JSON (a function, or a symbol)".to_owned())?;
    serde_json::from_str(&text).map_err(|e| e.to_string())
}
