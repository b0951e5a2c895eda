package io.switchboard.account.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import java.time.Instant;

/** A robot account on a messaging app, owned by one merchant. */
@Entity
public class Robot {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "robot_serial_no")
    public String robotSerialNo;
    @Column(name = "merchant_id")
    public String merchantId;
    public String protocol;
    /** {@link RobotState#code()}. */
    public short state;
    public String phone;
    public String username;
    @Column(name = "app_version")
    public String appVersion;
    @Column(name = "dc_version")
    public String dcVersion;
    @Column(name = "line_version")
    public String lineVersion;
    @Column(name = "last_heartbeat_at")
    public Instant lastHeartbeatAt;
    @Column(name = "device_no")
    public String deviceNo;
    /** The engine of an engine-protocol robot (LINE_WS, CHAT68_WS, IM_HTTP); null for LINE_DEVICE. */
    @Column(name = "engine_url")
    public String engineUrl;
    @Column(name = "country_code")
    public String countryCode;
    @Column(name = "user_id")
    public String userId;
    @Column(name = "head_img_url")
    public String headImgUrl;
    @Column(name = "state_reason")
    public String stateReason;
    /** Serial of the login command in progress or last completed. */
    @Column(name = "login_serial_no")
    public String loginSerialNo;
    @Column(name = "password_enc")
    public String passwordEnc;
    @Column(name = "cache_info_enc")
    public String cacheInfoEnc;
    @Column(name = "socks5_enc")
    public String socks5Enc;
    @Column(name = "cache_expires_at")
    public Instant cacheExpiresAt;
    /** LINE_WS email login: the account's e-mail; the stored cert belongs to it. */
    public String email;
    /** LINE_WS: the certificate of the last email login (given, or issued by the engine), encrypted. */
    @Column(name = "cert_enc")
    public String certEnc;
    /** LINE_WS token login: the auth token, encrypted. */
    @Column(name = "auth_token_enc")
    public String authTokenEnc;
    /** Engine proxy {@code {type, server, port, username, password}} as JSON, encrypted. */
    @Column(name = "proxy_enc")
    public String proxyEnc;
    /** The latest link report (robot.link.changed): CONNECTED, RECONNECTING or DISCONNECTED; null before any. */
    @Column(name = "link_state")
    public String linkState;
    @Column(name = "link_since")
    public Instant linkSince;
    @Column(name = "link_error")
    public String linkError;
    /** When the last complete friend list was stored (contacts.listed); null: never (docs/SOCIAL.md). */
    @Column(name = "contacts_listed_at")
    public Instant contactsListedAt;
    /** The getFriendList refresh in flight and when it was asked: calls meanwhile share it. */
    @Column(name = "contacts_refresh_serial_no")
    public String contactsRefreshSerialNo;
    @Column(name = "contacts_refresh_requested_at")
    public Instant contactsRefreshRequestedAt;
    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    public RobotState robotState() {
        return RobotState.ofCode(state).orElseThrow();
    }
}
