"""The secret corpus: every form of secret redaction must hide (documented in
docs/redaction.md), and the ordinary lines it must leave exactly as they are.

Each ``Secret`` is one log line (or block) as a real program writes it, holding a secret
value that appears nowhere else in the corpus, so a test can grep for it after the line went
through the store, the WAL, an export or a screenshot. The values are made up in the
providers' documented shapes (lengths, prefixes, alphabets); none is a real credential.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Secret:
    name: str
    line: str
    secrets: tuple[str, ...]  # every one must be gone from the redacted line


def _pem(kind: str, body: str) -> str:
    return f"-----BEGIN {kind}-----\n{body}\n-----END {kind}-----"


_RSA_BODY = (
    "MIIEowIBAAKCAQEAzQx7RsaBody01\nvLp3Qm9Y2c8kQ1sA7nJf0rVhT4wXy5Zb2dN6uHq0PeRsaBody02\n"
    "kQIDAQABAoIBAGkT1uRsaBody03=="
)

SECRETS: list[Secret] = [
    # --- key material ---------------------------------------------------------------------
    Secret("pem_rsa", _pem("RSA PRIVATE KEY", _RSA_BODY), ("RsaBody01", "RsaBody02", "RsaBody03")),
    Secret(
        "pem_ec",
        _pem(
            "EC PRIVATE KEY",
            "MHcCAQEEIEcBody01xK2vN8mLq3T7yY0aZ1oA\noAoGCCqGSM49AwEHoUQDQgAEcBody02",
        ),
        ("EcBody01", "EcBody02"),
    ),
    Secret(
        "pem_openssh",
        _pem(
            "OPENSSH PRIVATE KEY",
            "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQSshBody01\nAAAAC3NzaC1lZDI1NTE5SshBody02",
        ),
        ("SshBody01", "SshBody02"),
    ),
    Secret(
        "pem_pkcs8",
        _pem("PRIVATE KEY", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQPkcsBody01"),
        ("PkcsBody01",),
    ),
    Secret(
        "pem_encrypted",
        _pem("ENCRYPTED PRIVATE KEY", "MIIFHDBOBgkqhkiG9w0BBQ0wQTApBgkqhkiG9w0BBQwwHAQIEncBody01"),
        ("EncBody01",),
    ),
    Secret(
        "pem_in_json_one_line",
        '{"type":"service_account","project_id":"shop-prod","private_key":"-----BEGIN PRIVATE '
        'KEY-----\\nMIIEvgIBADANBgkqhkiG9w0BAQEFAASCGcpBody01\\n-----END PRIVATE KEY-----\\n",'
        '"client_email":"deployer@shop-prod.iam.gserviceaccount.com"}',
        ("GcpBody01",),
    ),
    Secret(
        "jwt",
        "auth ok for eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJKd3RQYXlsb2FkMDEifQ"
        ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJVadQssw5cJwtSig01",
        ("eyJzdWIiOiJKd3RQYXlsb2FkMDEifQ", "JwtSig01"),
    ),
    # --- cloud keys -----------------------------------------------------------------------
    Secret("aws_key_id", "using credentials AKIAQ3EGRIWZAWSKEY01 from env", ("Q3EGRIWZAWSKEY01",)),
    Secret(
        "aws_secret_env",
        "export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYAwsSecret02",
        ("AwsSecret02",),
    ),
    Secret(
        "aws_credentials_file",
        "aws_secret_access_key = 9drTJvcXLB89EXAMPLELB8923FB892xMFIAwsSecret03",
        ("AwsSecret03",),
    ),
    Secret(
        "aws_session_token",
        "aws_session_token=IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHAwsTok04",
        ("AwsTok04",),
    ),
    Secret(
        "aws_temporary_key_id",
        'assumed role: {"AccessKeyId": "ASIAY34FZKBOKMUTAW05", "Expiration": "2024-11-21"}',
        ("Y34FZKBOKMUTAW05",),
    ),
    Secret(
        "gcp_api_key",
        "maps client key=AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe",
        ("SyDaGmWKa4JsXZ",),
    ),
    Secret(
        "gcp_oauth_client",
        '{"installed":{"client_id":"1234-abc.apps.googleusercontent.com",'
        '"client_secret":"GOCSPX-1a2B3c4D5eGcpCli07fGhIjKl"}}',
        ("GcpCli07",),
    ),
    Secret("gcp_oauth_bare", "oauth secret GOCSPX-Zz9Yy8Xx7WwGcpBare07Vv6", ("GcpBare07",)),
    Secret(
        "azure_storage_connection",
        "DefaultEndpointsProtocol=https;AccountName=shopdata;AccountKey=Eby8vdM02xNOcqFlqUwJ"
        "PLlmEtlCDXJ1OUzFT50uSRZ6IFsuFqAzStor08==;EndpointSuffix=core.windows.net",
        ("AzStor08",),
    ),
    Secret(
        "azure_sas",
        "GET https://shopdata.blob.core.windows.net/exports/a.csv?sv=2022-11-02&ss=b&srt=o"
        "&sp=r&se=2024-11-22T00:00:00Z&sig=Zx9AzSas09%2Fq8Hn%2BkQ%3D 200",
        ("AzSas09",),
    ),
    Secret(
        "azure_client_secret",
        "AZURE_CLIENT_SECRET=Q~8Q8~AzCli10.Rk3o_qvXyZ-abcDEFghiJKlmn",
        ("AzCli10",),
    ),
    # --- source forges and SaaS tokens ----------------------------------------------------
    Secret("github_pat", "git push with ghp_R8mAbCdEfGhIjKlMnOpQrStUvWxGhPat11ab", ("GhPat11",)),
    Secret(
        "github_fine_grained",
        "token github_pat_11ABCDEFG0aBcDeFgHiJkL_MnOpQrStUvWxYzGhFine12 loaded",
        ("GhFine12",),
    ),
    Secret("github_oauth", "oauth gho_16C7e42F292c6912E7710c838347Ae178GhOa13", ("GhOa13",)),
    Secret("github_app", "installation ghs_xYz0123456789abcdefABCDEFGhApp14xyzw", ("GhApp14",)),
    Secret(
        "github_header",
        "Authorization: token ghr_1B4a2e77838347a7E420ce178F2E7cGhRf15",
        ("GhRf15",),
    ),
    Secret("gitlab_pat", "GITLAB_TOKEN=glpat-xYz12AbCdEfGlPat16", ("GlPat16",)),
    Secret("gitlab_runner", "registering runner with glrt-t1_AbCdEfGhIjGlRun17Kl", ("GlRun17",)),
    Secret("slack_bot", "slack: xoxb-17653672481-19874698323-pdFZKVeTuE8sk7SlBot18", ("SlBot18",)),
    Secret("slack_user", "xoxp-4186324572-4186324582-4189342051-SlUsr19aa", ("SlUsr19",)),
    Secret(
        "slack_webhook",
        "notify https://hooks.slack.com/services/T024BE7LD/B08H4JK9Z/SlHook20xYzAbC",
        ("SlHook20",),
    ),
    Secret("slack_app", "socket mode xapp-1-A0123BCDE-4567890123-SlApp21abcdef", ("SlApp21",)),
    Secret("stripe_live", "charge via sk_live_51H8xYzAbCdEfGhIjStLive22", ("StLive22",)),
    Secret("stripe_test", "STRIPE_KEY: sk_test_4eC39HqLyjWDarjtStTest23", ("StTest23",)),
    Secret("stripe_restricted", "rk_live_51H8xYzAbCdEfGhIjStRest24 scoped", ("StRest24",)),
    Secret(
        "stripe_webhook",
        "endpoint secret whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaStHook25",
        ("StHook25",),
    ),
    Secret(
        "npm_token",
        "npm publish --//registry.npmjs.org/:_authToken=npm_AbCdEfNpmTok26xyz",
        ("NpmTok26",),
    ),
    Secret("npm_bare", "using npm_1a2B3c4D5e6F7g8H9i0JNpmBare27kLmNoPqRs", ("NpmBare27",)),
    Secret(
        "pypi_token",
        "twine upload -p pypi-AgEIcHlwaS5vcmcCJDA5YzQwPyPiTok28abcZjMtNGI1Yi05NjQ2LTg0"
        "YmE1OGI3NWM4ZQACKlsxLFsicHJvamVjdCJdXQ",
        ("PyPiTok28",),
    ),
    Secret(
        "sendgrid",
        "SENDGRID_API_KEY=SG.ngeVfQFYQlKU0ufo8x5d1A.TwL2iGABf9DHoTf-09kqeF8SgKey29",
        ("SgKey29",),
    ),
    # --- credentials in URLs and headers --------------------------------------------------
    Secret(
        "url_https",
        "cloning https://deploy:UrlPw30xyz@git.example.com/shop/api.git",
        ("UrlPw30xyz",),
    ),
    Secret("url_ftp", "mirror ftp://backup:FtpPw31!x@files.example.net/nightly/", ("FtpPw31!x",)),
    Secret(
        "bearer_header", "GET /v1/rollouts Authorization: Bearer BrTok32abcdef123456", ("BrTok32",)
    ),
    Secret(
        "basic_header", "authorization: Basic ZGVwbG95OkJhc2ljMzNwdw==", ("ZGVwbG95OkJhc2ljMzNwdw",)
    ),
    Secret("api_key_header", "X-Api-Key: ApiHdr34AbCdEf0123", ("ApiHdr34",)),
    Secret(
        "curl_user", "curl -sS -u admin:CurlPw35 https://jenkins.internal/job/deploy", ("CurlPw35",)
    ),
    # --- connection strings ---------------------------------------------------------------
    Secret(
        "postgres_url", "DATABASE_URL=postgres://orders:PgPw36@db.internal:5432/orders", ("PgPw36",)
    ),
    Secret(
        "postgres_kv",
        "connecting: host=db.internal port=5432 user=app password=PgKv37 dbname=orders",
        ("PgKv37",),
    ),
    Secret(
        "jdbc",
        "jdbc:postgresql://db:5432/orders?user=app&password=Jdbc38pw&ssl=true",
        ("Jdbc38pw",),
    ),
    Secret("mysql_url", "mysql://root:MyPw39@mysql.internal:3306/shop", ("MyPw39",)),
    Secret(
        "mongodb_srv",
        "mongodb+srv://svc:MgPw40@cluster0.ab1cd.mongodb.net/?retryWrites=true",
        ("MgPw40",),
    ),
    Secret("redis_url", "cache at redis://:RdPw41@redis.internal:6379/0", ("RdPw41",)),
    Secret("amqp_url", "broker amqp://guest:AmPw42@rabbitmq.internal:5672/%2F", ("AmPw42",)),
    Secret(
        "sqlserver",
        "Server=tcp:sql.internal,1433;Database=shop;User ID=sa;Password=MsPw43;Encrypt=True;",
        ("MsPw43",),
    ),
    # --- key=value, JSON, YAML ------------------------------------------------------------
    Secret("kv_password", "login failed for user=alice password=KvPw44", ("KvPw44",)),
    Secret("yaml_secret", "  secret: YmlSec45value", ("YmlSec45",)),
    Secret("yaml_quoted", '    password: "YmlPw46 two words"', ("YmlPw46",)),
    Secret("json_token", '{"user":"svc","token":"JsTok47abc","ttl":3600}', ("JsTok47",)),
    Secret("json_nested", '{"db":{"host":"db","password":"JsNest48"}}', ("JsNest48",)),
    Secret("env_db_password", "DB_PASSWORD=EnvPw49 ./migrate", ("EnvPw49",)),
    Secret("cli_flag", "exec: /usr/bin/app --db-password ClPw50 --port 8080", ("ClPw50",)),
    Secret("cli_flag_eq", "argv: deploy --api-token=ClTok51 --verbose", ("ClTok51",)),
    Secret(
        "argv_json",
        '{"event":"exec","argv":["/usr/bin/app","--api-token","ArgTok61","--port","8080"]}',
        ("ArgTok61",),
    ),
    Secret("dash_p", "exec: sshpass -p SshPw62 ssh deploy@bastion uptime", ("SshPw62",)),
    Secret("client_secret", "oauth client_id=shop-web client_secret=OaSec52", ("OaSec52",)),
    Secret("pgpassword", "PGPASSWORD='PgEnv53' psql -h db", ("PgEnv53",)),
    Secret("passphrase", "gpg passphrase: GpPhr54 accepted", ("GpPhr54",)),
    # --- config changes of secret settings ------------------------------------------------
    Secret("change_arrow_db_pass", "  - db_pass: OldPw55 → NewPw55", ("OldPw55", "NewPw55")),
    Secret(
        "change_json_db_pass",
        '{"kind":"config_change","changes":{"db_pass":{"before":"OldPw56","after":"NewPw56"}}}',
        ("OldPw56", "NewPw56"),
    ),
    Secret(
        "change_after_first",
        '{"changes":{"db_password":{"after":"NewPw57","before":"OldPw57"}}}',
        ("OldPw57", "NewPw57"),
    ),
    Secret(
        "change_nested_value",
        '{"changes":{"redis.auth_token":{"before":{"value":"OldTk58"},"after":{"value":"NewTk58"}}}}',
        ("OldTk58", "NewTk58"),
    ),
    Secret("change_env_arrow", "  - SMTP_PASS: OldSm59 -> NewSm59", ("OldSm59", "NewSm59")),
    Secret(
        "change_markdown",
        "- **Before:** `db_pass = OldMd60`, **After:** `db_pass = NewMd60`",
        ("OldMd60", "NewMd60"),
    ),
]


# Ordinary lines a deployment's logs are full of. Each must come out of redaction exactly as
# it went in: words like password, token, key, secret and Bearer in prose or as counters,
# URLs without credentials, digests, paths.
ORDINARY: list[str] = [
    "Nov 21 09:31:00 bastion sudo:    alice : TTY=pts/0 ; PWD=/auto/home/alice ; USER=root ; "
    "COMMAND=/usr/bin/systemctl restart nginx",
    "Nov 21 09:31:02 bastion sudo: pam_unix(sudo:session): session opened for user root(uid=0)",
    "OLDPWD=/home/bob PWD=/srv/app SHELL=/bin/bash",
    "[09:31:20] [OBSERVATION] Traffic at 10%:",
    "  - P99 latency: 780ms (SLO violation: >500ms)",
    "  - db_pool_size: 10 → 5",
    "[09:32:00] [THOUGHT] The token bucket refilled; rate limiter is healthy",
    "max_tokens=4096 token_count=512 tokenizer=cl100k",
    "Password reset email sent to user 4412",
    "password policy updated: min length 12, history 5",
    "passwordless login enabled for alice@example.com",
    "secret rotation scheduled for 2024-12-01T00:00:00Z",
    "kubectl get secrets -n payments -o wide",
    "secret_name=db-credentials namespace=payments",
    "GET /api/v1/tokens?limit=50 200 12ms",
    "JWT validation failed: token expired at 2024-11-21T09:30:00Z",
    "Authorization header missing on GET /v1/status",
    "the bearer of bad news; Bearer auth enabled",
    "token_type=Bearer expires_in=3600",
    "Caused by: java.sql.SQLException: Access denied for user 'app'@'10.0.0.12' "
    "(using password: YES)",
    "mysql: [Warning] Using a password on the command line interface can be insecure.",
    "at com.example.auth.TokenService.validate(TokenService.java:42)",
    "cache key=user:42 evicted; primary key violation on orders.id",
    "keyspace_hits=1024 keyspace_misses=12 evicted_keys=0",
    "kafka: key=orders-42 partition=3 offset=1182736",
    "api_key_id=42 rotated by admin",
    "Processing key rotation job #4412",
    "tests: pass=120 fail=0 skip=3",
    "bypass=true for health checks",
    "Stage 25% passed: error rate 0.2%",
    "git clone https://github.com/shop/api.git",
    "ssh://git@github.com/shop/api.git fetched",
    "postgres://db.internal:5432/orders reachable",
    "redis://cache.internal:6379/0 PING ok",
    "Connecting to amqp://rabbitmq.internal:5672/",
    "https://grafana.example.com/d/abc123/latency?orgId=1&from=now-1h&to=now",
    "http://[::1]:8080/health 200",
    "image sha256:4f5a2c3b1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a pulled",
    "commit 9fceb02d0ae598e95dc970b74767f19372d61af8 deployed",
    "request_id=123e4567-e89b-12d3-a456-426614174000 status=200",
    "Using AWS region us-east-1; ASIA-PACIFIC traffic routed to ap-southeast-1",
    'time=2024-11-21T09:31:00Z level=info msg="GET /health" status=200 duration=2ms',
    '{"timestamp":"2024-11-21T09:31:20Z","level":"INFO","message":"ok","latency_ms":125}',
    '{"kind":"config_change","changes":{"db_pool_size":{"before":10,"after":5}}}',
    '{"password_changed":true,"token_count":5,"key":"orders","password":null}',
    '{"level":"info","msg":"user logged in","user":"alice","mfa":true}',
    "password: ******** (masked)",
    "DEPLOYMENT STATUS: SUCCEEDED",
    "[09:45:10] [SUCCESS] Rollout complete: 100% on green",
    "user@example.com logged in from 10.0.0.4",
    "Session ID: deploy-agent-20241121-0930-attempt2",
    "keys: 3 rotated, 0 failed",
    "Generating new RSA key pair (2048 bits)",
    "ssh-keygen -t ed25519 -C deploy@ci",
    "ssh -p 2222 deploy@bastion 'mkdir -p /srv/app/releases'",
    'exec argv=["docker","run","-p","8080:80","nginx"]',
    "Public key fingerprint SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8",
    # The key named in a sentence, no value after it: an RBAC failure in klog (its reason is
    # what the engineer needs), Go's net/http error, a validation message, systemd's.
    "E1104 02:13:55.120457       1 reflector.go:147] Failed to watch *v1.Secret: failed to "
    'list *v1.Secret: secrets is forbidden: User "system:serviceaccount:ops:argo" cannot '
    'list resource "secrets" in API group "" at the cluster scope',
    'E1104 02:14:01.004 reflector.go:138] Failed to list *v1.Secret: Get "https://10.96.0.1:443'
    '/api/v1/secrets?limit=500": dial tcp 10.96.0.1:443: connect: connection refused',
    "ValidationError: User validation failed: password: Password must be at least 8 characters",
    "auth/session.go:40:Verify() [T] Session Authorization: Found user[7]",
    # No value logged: an empty one (a pair after it), a statement's parameter.
    "caller=main.go:201 url=ssh://git@git.internal/deploy.git signing-key= verify-signatures=false "
    "sync-tag=flux-sync",
    'kubelet_pods.go:906] "Unable to retrieve pull secret" pod="shop/api-7c9" secret=""',
    '{"type":"response","secret":{"lease_id":""},"request":{"path":"sys/health"}}',
    "INFO sqlalchemy.engine.Engine UPDATE users SET hashed_password=? WHERE users.id = ?",
    "LOG:  execute <unnamed>: UPDATE accounts SET password_hash = $1 WHERE id = $2",
    # Names, not values: Envoy's extension list, a .NET assembly's public key token.
    "[2024-11-04 02:16:00.001][1][info][main] [source/server/server.cc:432]   "
    "envoy.grpc_credentials: envoy.grpc_credentials.default, envoy.grpc_credentials.aws_iam",
    "Loaded Serilog.Sinks.File, Version=5.0.0.0, Culture=neutral, PublicKeyToken=24c2f752a8e58a10",
    # A setting's state, a Secret's namespace/name, a source line in a traceback.
    '{"msg":"Options set by command line","attr":{"options":{"security":{"authorization":'
    '"enabled","keyFile":"/etc/mongo/keyfile"}}}}',
    'I1104 02:17:12.288 store.go:687] "secret was deleted" secret="shop/api-tls-cert"',
    "    token = auth_header.rsplit(' ')[1]",
    "    db_user, db_password = settings.get_credentials()",
]


def secret_log() -> str:
    """The corpus as one agent log: a timestamped ERROR entry per form (errors are what an
    export quotes); JSON forms as JSON lines, and key blocks as a real program logs them, a
    line of the block per physical line."""
    out: list[str] = []
    for n, item in enumerate(SECRETS):
        stamp = f"[09:{30 + n // 60:02d}:{n % 60:02d}]"
        if item.line.startswith("{"):
            out.append(item.line)
        elif "\n" in item.line:
            out.append(f"{stamp} [ERROR] loading {item.name}:")
            out.extend(item.line.split("\n"))
        else:
            out.append(f"{stamp} [ERROR] {item.line}")
    return "\n".join(out) + "\n"


def all_secrets() -> list[str]:
    return [value for item in SECRETS for value in item.secrets]
