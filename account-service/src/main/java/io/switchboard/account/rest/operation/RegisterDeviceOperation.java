package io.switchboard.account.rest.operation;

import static io.switchboard.common.api.ErrorCode.CONFLICT;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.switchboard.account.service.DeviceService;
import io.switchboard.account.service.DeviceService.Registered;
import io.switchboard.common.gate.OpenApiCall;
import io.switchboard.common.gate.OpenApiOp;
import io.switchboard.common.gate.OpenApiOperation;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@OpenApiOp(name = "registerDevice", summary = "Register a LINE device of the caller",
        description = "Registering one's own device again answers `created: false`; a device of another merchant is 409.",
        errors = {CONFLICT})
public class RegisterDeviceOperation implements OpenApiOperation<RegisterDeviceOperation.Data> {
    @Inject
    DeviceService devices;

    @RegisterForReflection
    public record Data(
            @Schema(description = "the device's number", example = "dev-0001")
            @JsonProperty("device_no") @NotBlank @Size(max = 64)
            @Pattern(regexp = LoginOperation.ID, message = LoginOperation.ID_MESSAGE) String deviceNo) {}

    @Override
    public Registered handle(OpenApiCall call, Data data) {
        return devices.register(call.merchantId(), data.deviceNo());
    }
}
