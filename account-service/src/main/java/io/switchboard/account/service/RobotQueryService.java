package io.switchboard.account.service;

import io.switchboard.account.mapping.RobotViews;
import io.switchboard.account.mapping.RobotViews.RobotPage;
import io.switchboard.account.mapping.RobotViews.RobotView;
import io.switchboard.account.model.Robot;
import io.switchboard.account.repository.RobotRepository;
import io.switchboard.common.api.ApiException;
import io.switchboard.common.api.ErrorCode;
import io.quarkus.redis.datasource.RedisDataSource;
import io.switchboard.common.event.Presence;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/** Reads of robots on behalf of a merchant: a merchant sees only its own robots. */
@ApplicationScoped
public class RobotQueryService {
    @Inject
    RobotRepository robots;
    @Inject
    RedisDataSource redis;

    @Transactional
    public RobotView get(String merchantId, String robotSerialNo) {
        Robot r = robots.findBySerialNo(robotSerialNo)
                .orElseThrow(() -> new ApiException(ErrorCode.ROBOT_NOT_FOUND, "robot '" + robotSerialNo + "' not found"));
        if (!r.merchantId.equals(merchantId)) {
            throw new ApiException(ErrorCode.FORBIDDEN, "robot '" + robotSerialNo + "' belongs to another merchant");
        }
        RobotView v = RobotViews.view(r);
        return withHeartbeat(v, redis.sortedSet(String.class).zscore(Presence.ROBOTS, v.vcRobotSerialNo()));
    }

    /** Heartbeats live in Redis (no database write per beat); the view shows the newer of the two. */
    private static RobotView withHeartbeat(RobotView v, OptionalDouble beat) {
        if (beat.isEmpty() || (v.lastHeartbeat() != null && v.lastHeartbeat() >= (long) beat.getAsDouble())) {
            return v;
        }
        return v.withLastHeartbeat((long) beat.getAsDouble());
    }

    @Transactional
    public RobotPage list(String merchantId, Short state, int page, int pageSize) {
        List<RobotView> views = robots.pageOfMerchant(merchantId, state, page, pageSize).stream()
                .map(RobotViews::view).toList();
        List<OptionalDouble> beats = views.isEmpty() ? List.of() : redis.sortedSet(String.class).zmscore(
                Presence.ROBOTS, views.stream().map(RobotView::vcRobotSerialNo).toArray(String[]::new));
        List<RobotView> items = new ArrayList<>(views.size());
        for (int i = 0; i < views.size(); i++) {
            items.add(withHeartbeat(views.get(i), beats.get(i))); // one round trip for the page, not one per robot
        }
        return new RobotPage(items, robots.countOfMerchant(merchantId, state), page, pageSize);
    }
}
