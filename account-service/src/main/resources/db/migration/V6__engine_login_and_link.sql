-- Engine logins (issue 7, docs/ENGINES.md): the LINE_WS login fields and the link state callback-service reports.
alter table robot
    -- LINE_WS email login: the account's e-mail (an identifier, not a secret; the next login's cert is reused only
    -- for the same e-mail).
    add column email          varchar(256),
    -- AES-256-GCM ciphertexts (SecretCipher), never plaintext. cert_enc is written by the login (a given cert) and
    -- by robot.cert.issued (stored as callback-service encrypted it, context robot.cert:<serial>).
    add column cert_enc       text,
    add column auth_token_enc text,
    add column proxy_enc      text,
    -- The latest robot.link.changed: CONNECTED, RECONNECTING or DISCONNECTED, since when, and the last error.
    add column link_state     varchar(16),
    add column link_since     timestamptz,
    add column link_error     varchar(1024);
