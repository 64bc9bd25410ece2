//! The MCP server: the tools `run_python` and `reset_session`, their arguments checked.

use std::sync::Arc;

use rmcp::model::{
    CacheScope, CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock,
    Implementation, JsonObject, ListToolsResult, PaginatedRequestParams, ProtocolVersion,
    ServerCapabilities, ServerInfo, Tool,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData as McpError, RoleServer, ServerHandler};
use serde_json::json;

use super::result;
use super::sessions::{ClientId, Sessions};

/// The name of the session used when a call names none.
pub const DEFAULT_SESSION: &str = "default";
/// The longest session name (characters).
pub const MAX_SESSION_NAME: usize = 64;
/// How long a client may keep the tool list (milliseconds): it never changes.
const TOOLS_TTL_MS: u64 = 3_600_000;
/// The largest `code` argument (bytes).
pub const MAX_CODE: usize = 1 << 20;

/// What every connection's handler shares: the sessions and the tool list.
pub struct Shared {
    /// The live sessions of every client.
    pub sessions: Sessions,
    /// `run_python` and `reset_session`.
    pub tools: Vec<Tool>,
    /// The cap on each output stream (bytes), for the result text.
    pub max_output: usize,
    /// Instructions for the client, from `run_python`'s description.
    pub instructions: String,
}

/// The tool list for these descriptions.
pub fn tools(run_python: String, reset_session: String) -> Vec<Tool> {
    let session = json!({
        "type": "string",
        "description": format!(
            "name of the session (default \"{DEFAULT_SESSION}\"): letters, digits, '_', '-', '.'; \
             at most {MAX_SESSION_NAME} characters"
        ),
    });
    let run_schema = object(json!({
        "type": "object",
        "properties": {
            "code": {"type": "string", "description": "Python statements to run; the repr of a final expression is returned"},
            "session": session,
        },
        "required": ["code"],
        "additionalProperties": false,
    }));
    let reset_schema = object(json!({
        "type": "object",
        "properties": {"session": session},
        "additionalProperties": false,
    }));
    vec![
        Tool::new("run_python", run_python, Arc::new(run_schema))
            .with_raw_output_schema(Arc::new(result::output_schema())),
        Tool::new("reset_session", reset_session, Arc::new(reset_schema)),
    ]
}

fn object(value: serde_json::Value) -> JsonObject {
    match value {
        serde_json::Value::Object(map) => map,
        _ => unreachable!("a JSON object"),
    }
}

/// The handler of one MCP connection.
pub struct Handler {
    shared: Arc<Shared>,
    client: ClientId,
    /// Whether requests without a connection (the 2026-07-28 protocol over HTTP, where each
    /// request gets a handler of its own) use the shared namespace of sessions.
    stateless_shared: bool,
}

impl Handler {
    /// A handler for a new connection. `stateless_shared`: see [`Handler`].
    pub fn new(shared: Arc<Shared>, stateless_shared: bool) -> Handler {
        Handler {
            shared,
            client: ClientId::new(),
            stateless_shared,
        }
    }

    fn client(&self, context: &RequestContext<RoleServer>) -> ClientId {
        let stateless = context
            .protocol_version()
            .is_some_and(|v| v.as_str() >= ProtocolVersion::V_2026_07_28.as_str());
        if self.stateless_shared && stateless {
            ClientId::SHARED
        } else {
            self.client
        }
    }

    async fn run_python(
        &self,
        client: ClientId,
        arguments: JsonObject,
    ) -> Result<CallToolResult, McpError> {
        check_names(&arguments, &["code", "session"])?;
        let code = match arguments.get("code") {
            Some(serde_json::Value::String(code)) => code.clone(),
            Some(_) => return Err(McpError::invalid_params("`code` must be a string", None)),
            None => return Err(McpError::invalid_params("`code` is required", None)),
        };
        if code.len() > MAX_CODE {
            return Err(McpError::invalid_params(
                format!("`code` is longer than {MAX_CODE} bytes"),
                None,
            ));
        }
        let name = session_name(&arguments)?;
        let sessions = &self.shared.sessions;
        let (worker, found) = match sessions.get(client, &name) {
            Ok(got) => got,
            Err(error) => {
                return Ok(CallToolResult::error(vec![ContentBlock::text(
                    error.to_string(),
                )]));
            }
        };
        let outcome = worker.exec(code).await;
        sessions.touch(client, &name);
        match outcome {
            Ok(run) => Ok(result::run_result(
                &name,
                &found,
                &run,
                self.shared.max_output,
            )),
            Err(unavailable) => {
                // Replace it: the next call starts a fresh session.
                sessions.reset(client, &name);
                Ok(CallToolResult::error(vec![ContentBlock::text(format!(
                    "session {name:?} was lost ({}); the next call starts a fresh interpreter",
                    unavailable.0
                ))]))
            }
        }
    }

    fn reset_session(
        &self,
        client: ClientId,
        arguments: JsonObject,
    ) -> Result<CallToolResult, McpError> {
        check_names(&arguments, &["session"])?;
        let name = session_name(&arguments)?;
        let existed = self.shared.sessions.reset(client, &name);
        let text = if existed {
            format!("Session {name:?} was reset: its variables, functions and imports are gone.")
        } else {
            format!("There was no live session {name:?}; nothing to reset.")
        };
        let mut result = CallToolResult::success(vec![ContentBlock::text(text)]);
        result.structured_content = Some(json!({"session": name, "existed": existed}));
        Ok(result)
    }
}

impl Drop for Handler {
    fn drop(&mut self) {
        // The connection ended: its sessions go with it.
        self.shared.sessions.drop_client(self.client);
    }
}

/// Refuses arguments the tool does not take.
fn check_names(arguments: &JsonObject, known: &[&str]) -> Result<(), McpError> {
    match arguments.keys().find(|k| !known.contains(&k.as_str())) {
        Some(unknown) => Err(McpError::invalid_params(
            format!(
                "unknown argument {unknown:?} (the tool takes {})",
                known.join(", ")
            ),
            None,
        )),
        None => Ok(()),
    }
}

/// The `session` argument, checked; the default when absent or null.
fn session_name(arguments: &JsonObject) -> Result<String, McpError> {
    let name = match arguments.get("session") {
        None | Some(serde_json::Value::Null) => return Ok(DEFAULT_SESSION.to_owned()),
        Some(serde_json::Value::String(name)) => name,
        Some(_) => return Err(McpError::invalid_params("`session` must be a string", None)),
    };
    let valid = !name.is_empty()
        && name.chars().count() <= MAX_SESSION_NAME
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    if !valid {
        return Err(McpError::invalid_params(
            format!(
                "invalid session name {name:?}: use 1 to {MAX_SESSION_NAME} letters, digits, \
                 '_', '-' or '.'"
            ),
            None,
        ));
    }
    Ok(name.clone())
}

impl ServerHandler for Handler {
    fn get_info(&self) -> ServerInfo {
        ServerInfo::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new("mpsandbox", env!("CARGO_PKG_VERSION")))
            .with_instructions(self.shared.instructions.clone())
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, McpError> {
        // The list never changes while the server runs; it describes this server's settings
        // (granted directories, hosts), hence private to the client.
        Ok(ListToolsResult::with_all_items(self.shared.tools.clone())
            .with_ttl_ms(TOOLS_TTL_MS)
            .with_cache_scope(CacheScope::Private))
    }

    fn get_tool(&self, name: &str) -> Option<Tool> {
        self.shared.tools.iter().find(|t| t.name == name).cloned()
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, McpError> {
        let client = self.client(&context);
        let arguments = request.arguments.unwrap_or_default();
        let result = match request.name.as_ref() {
            "run_python" => self.run_python(client, arguments).await?,
            "reset_session" => self.reset_session(client, arguments)?,
            other => {
                return Err(McpError::invalid_params(
                    format!(
                        "unknown tool {other:?} (this server has run_python and reset_session)"
                    ),
                    None,
                ));
            }
        };
        Ok(result.into())
    }
}
