//! `--mcp-tools COMMAND`: the tools of other MCP servers as host functions.
//!
//! Each COMMAND (split into words as a shell would; no shell runs) is started once, as an MCP
//! server on its standard input and output. Each of its tools becomes `host.NAME(...)`, with
//! NAME its tool name made a Python identifier (characters other than letters, digits and
//! `_` become `_`). Keyword arguments are the tool's arguments; positional ones fill the
//! schema's required parameters in order. The result is the tool's structured content, or
//! else its text; a tool error, or a failure to reach the server, raises `host.HostError`.

use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use mpsandbox::Value;
use rmcp::model::{CallToolRequestParams, CallToolResult, JsonObject, Tool};
use rmcp::service::RunningService;
use rmcp::transport::TokioChildProcess;
use rmcp::{RoleClient, ServiceExt};
use tokio::runtime::Handle;

/// A connection to one `--mcp-tools` server.
type Client = RunningService<RoleClient, ()>;

/// One tool of another server, callable from Python.
#[derive(Clone)]
pub struct RemoteTool {
    /// The name Python calls it by: `host.NAME`.
    pub name: String,
    /// The tool as its server lists it.
    pub tool: Tool,
    client: Arc<Client>,
    runtime: Handle,
    /// How long one call may take.
    timeout: Duration,
}

/// How long a `--mcp-tools` server may take to start and list its tools.
const START_TIMEOUT: Duration = Duration::from_secs(30);

/// Starts every command, lists its tools, and returns them all; each call of a tool may take
/// `timeout` (then it raises `HostError`).
pub async fn connect(commands: &[String], timeout: Duration) -> Result<Vec<RemoteTool>> {
    let mut tools: Vec<RemoteTool> = Vec::new();
    for command in commands {
        let argv = shlex::split(command)
            .filter(|argv| !argv.is_empty())
            .with_context(|| format!("cannot split --mcp-tools {command:?} into words"))?;
        let mut process = tokio::process::Command::new(&argv[0]);
        process.args(&argv[1..]);
        let transport = TokioChildProcess::new(process)
            .with_context(|| format!("cannot start --mcp-tools {command:?}"))?;
        let started = tokio::time::timeout(START_TIMEOUT, async {
            let client = ().serve(transport).await.context("it did not start as an MCP server")?;
            let listed = client
                .list_all_tools()
                .await
                .context("cannot list its tools")?;
            anyhow::Ok((client, listed))
        })
        .await
        .unwrap_or_else(|_| Err(anyhow::anyhow!("no answer within {START_TIMEOUT:?}")));
        let (client, listed) = started.with_context(|| format!("--mcp-tools {command:?}"))?;
        let client = Arc::new(client);
        for tool in listed {
            let name = identifier(&tool.name);
            if let Some(other) = tools.iter().find(|t| t.name == name) {
                bail!(
                    "two tools would both be host.{name}: {:?} and {:?} (from --mcp-tools {command:?})",
                    other.tool.name,
                    tool.name
                );
            }
            tools.push(RemoteTool {
                name,
                tool,
                client: client.clone(),
                runtime: Handle::current(),
                timeout,
            });
        }
    }
    Ok(tools)
}

/// `name` as a Python identifier.
fn identifier(name: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

impl RemoteTool {
    /// Calls the tool from a session's thread (never from the async runtime's): blocks until
    /// the server answers.
    pub fn call(&self, args: Vec<Value>, kwargs: Vec<(String, Value)>) -> Result<Value, String> {
        let arguments = self.arguments(args, kwargs)?;
        let params = CallToolRequestParams::new(self.tool.name.clone()).with_arguments(arguments);
        // Made inside `block_on`: the timer needs the runtime's context.
        let call =
            async { tokio::time::timeout(self.timeout, self.client.call_tool(params)).await };
        let result = self
            .runtime
            .block_on(call)
            .map_err(|_| {
                format!(
                    "tool {:?} did not answer within {:?}",
                    self.tool.name, self.timeout
                )
            })?
            .map_err(|e| format!("tool {:?} failed: {e}", self.tool.name))?;
        convert_result(result, self.wraps_result())
    }

    /// Whether the tool's output schema is a scalar wrapped as `{"result": ...}` (what the
    /// Python SDK's servers do with a function returning a non-object).
    fn wraps_result(&self) -> bool {
        let Some(schema) = &self.tool.output_schema else {
            return false;
        };
        schema
            .get("properties")
            .and_then(|p| p.as_object())
            .is_some_and(|p| p.len() == 1 && p.contains_key("result"))
    }

    /// The tool's JSON arguments from Python's: keywords by name, positionals in the order
    /// of the schema's required parameters.
    fn arguments(
        &self,
        args: Vec<Value>,
        kwargs: Vec<(String, Value)>,
    ) -> Result<JsonObject, String> {
        let required = self.required();
        if args.len() > required.len() {
            return Err(format!(
                "host.{}() takes {} positional argument{} ({}); pass the others by keyword",
                self.name,
                required.len(),
                if required.len() == 1 { "" } else { "s" },
                required.join(", ")
            ));
        }
        let mut arguments = JsonObject::new();
        let named = required.iter().map(String::clone).zip(args);
        for (key, value) in named.chain(kwargs) {
            let json = serde_json::to_value(&value)
                .map_err(|e| format!("argument {key:?} has no JSON form: {e}"))?;
            if arguments.insert(key.clone(), json).is_some() {
                return Err(format!("host.{}() got argument {key:?} twice", self.name));
            }
        }
        Ok(arguments)
    }

    /// The schema's required parameters, in its order.
    fn required(&self) -> Vec<String> {
        self.tool
            .input_schema
            .get("required")
            .and_then(|r| r.as_array())
            .map(|names| {
                names
                    .iter()
                    .filter_map(|n| n.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// `name(param: type, ...)`, for the tool description.
    pub fn signature(&self) -> String {
        let schema = &self.tool.input_schema;
        let required = self.required();
        let mut params: Vec<String> = Vec::new();
        if let Some(properties) = schema.get("properties").and_then(|p| p.as_object()) {
            let mut names: Vec<&String> = properties.keys().collect();
            // Required ones first, in their order (positionals fill them), then the rest.
            names.sort_by_key(|n| required.iter().position(|r| r == *n).unwrap_or(usize::MAX));
            for name in names {
                let kind = properties[name]
                    .get("type")
                    .map(|t| match t {
                        serde_json::Value::String(s) => s.clone(),
                        other => other.to_string(),
                    })
                    .unwrap_or_else(|| "any".to_owned());
                let optional = if required.contains(name) {
                    ""
                } else {
                    " = ..."
                };
                params.push(format!("{name}: {kind}{optional}"));
            }
        }
        format!("{}({})", self.name, params.join(", "))
    }
}

/// A tool's result as a Python value: its structured content (unwrapped from
/// `{"result": ...}` when `wrapped`), or else its text (the text parts joined by newlines);
/// an error result raises.
fn convert_result(result: CallToolResult, wrapped: bool) -> Result<Value, String> {
    let text = || {
        result
            .content
            .iter()
            .filter_map(|block| block.as_text().map(|t| t.text.as_str()))
            .collect::<Vec<_>>()
            .join("\n")
    };
    if result.is_error == Some(true) {
        let message = text();
        return Err(if message.is_empty() {
            "the tool reported an error".to_owned()
        } else {
            message
        });
    }
    if let Some(structured) = &result.structured_content {
        let structured = match structured.as_object() {
            Some(object) if wrapped && object.len() == 1 => {
                object.get("result").unwrap_or(structured)
            }
            _ => structured,
        };
        return serde_json::from_value::<Value>(structured.clone())
            .map_err(|e| format!("the tool's result does not convert: {e}"));
    }
    Ok(Value::Str(text()))
}

#[cfg(test)]
mod tests {
    use super::identifier;

    #[test]
    fn identifiers() {
        assert_eq!(identifier("read_file"), "read_file");
        assert_eq!(identifier("read-file.v2"), "read_file_v2");
        assert_eq!(identifier("2fa"), "_2fa");
        assert_eq!(identifier(""), "_");
    }
}
