package io.switchboard.account.rest;

import io.switchboard.account.mapping.MerchantViews;
import io.switchboard.account.model.Device;
import io.switchboard.account.model.Merchant;
import io.switchboard.account.model.Robot;
import io.switchboard.account.repository.DeviceRepository;
import io.switchboard.account.repository.MerchantRepository;
import io.switchboard.account.repository.RobotRepository;
import io.switchboard.account.service.PhoneCodeService;
import io.switchboard.common.api.ApiException;
import io.switchboard.common.api.ErrorCode;
import io.switchboard.common.api.Formats;
import io.switchboard.common.client.InternalViews.DeviceView;
import io.switchboard.common.client.InternalViews.PhoneCode;
import io.switchboard.common.client.InternalViews.RobotRef;
import io.switchboard.common.client.InternalViews.TakePhoneCode;
import io.switchboard.common.client.InternalViews.WebhookTarget;
import io.switchboard.common.client.MerchantKeyView;
import io.switchboard.common.crypto.SecretCipher;
import io.switchboard.common.crypto.SecretContexts;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * account-service's internal look-ups for callback-service (bearer internal token). These answer with secrets
 * (device key, webhook secret) because the caller must sign or verify with them; they never leave the cluster
 * network (Kubernetes NetworkPolicy) and are never logged. A key of the wrong shape (see {@link Formats}) names
 * nothing: it answers 404 without touching the database.
 */
@Path("/internal")
@Tag(name = "Internal")
@Produces(MediaType.APPLICATION_JSON)
public class InternalResource {
    @Inject
    DeviceRepository devices;
    @Inject
    RobotRepository robots;
    @Inject
    MerchantRepository merchants;
    @Inject
    PhoneCodeService phoneCodes;
    @Inject
    SecretCipher cipher;
    @Inject
    io.switchboard.account.service.MerchantService merchantService;

    @GET
    @Path("/devices/{deviceNo}")
    @Transactional
    public DeviceView device(@PathParam("deviceNo") String deviceNo) {
        Device d = (Formats.isId(deviceNo) ? devices.findByDeviceNo(deviceNo) : Optional.<Device>empty())
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "device " + shown(deviceNo) + " is not registered"));
        Merchant m = merchant(d.merchantId);
        return new DeviceView(d.deviceNo, m.merchantId,
                cipher.decrypt(m.deviceKeyEnc, SecretContexts.merchantDeviceKey(m.merchantId)), m.active);
    }

    @GET
    @Path("/robots/{robotSerialNo}")
    @Transactional
    public RobotRef robot(@PathParam("robotSerialNo") String robotSerialNo) {
        Robot r = (Formats.isRobotSerial(robotSerialNo) ? robots.findBySerialNo(robotSerialNo) : Optional.<Robot>empty())
                .orElseThrow(() -> new ApiException(ErrorCode.ROBOT_NOT_FOUND, "robot " + shown(robotSerialNo) + " not found"));
        return new RobotRef(r.robotSerialNo, r.merchantId, r.protocol, r.state, r.deviceNo, r.phone, r.userId);
    }

    @POST
    @Path("/robots/{robotSerialNo}/phone-code/take")
    @Consumes(MediaType.APPLICATION_JSON)
    public PhoneCode takePhoneCode(@PathParam("robotSerialNo") String robotSerialNo, TakePhoneCode request) {
        if (request == null || request.serialNo() == null || request.serialNo().isBlank()) {
            throw ApiException.missing("serialNo");
        }
        if (!Formats.isRobotSerial(robotSerialNo) || !Formats.isId(request.serialNo())
                || (request.requestId() != null && !Formats.isId(request.requestId()))) {
            throw ApiException.invalid("robot serial, serialNo or requestId is malformed");
        }
        return phoneCodes.take(robotSerialNo, request.serialNo(), request.requestId()).map(PhoneCode::new)
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no code submitted yet"));
    }

    @GET
    @Path("/merchants/by-app/{appId}")
    @Transactional
    public MerchantKeyView merchantByAppId(@PathParam("appId") String appId) {
        Merchant m = (Formats.isId(appId) ? merchants.findByAppId(appId) : Optional.<Merchant>empty())
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "app_id " + shown(appId) + " not found"));
        return new MerchantKeyView(m.merchantId, m.appId, m.rsaPublicKey, m.active, MerchantViews.rateLimits(m));
    }

    @GET
    @Path("/merchants/{merchantId}/webhook")
    @Transactional
    public WebhookTarget webhook(@PathParam("merchantId") String merchantId) {
        Merchant m = merchant(merchantId);
        return new WebhookTarget(m.merchantId, m.callbackUrl, merchantService.activeWebhookSecrets(m), m.active);
    }

    private Merchant merchant(String merchantId) {
        return (Formats.isId(merchantId) ? merchants.findByMerchantId(merchantId) : Optional.<Merchant>empty())
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "merchant " + shown(merchantId) + " not found"));
    }

    /** A key as an error message may show it: garbage is not echoed (it may carry control characters). */
    private static String shown(String key) {
        return Formats.isRobotSerial(key) ? "'" + key + "'" : "(malformed key)";
    }
}
