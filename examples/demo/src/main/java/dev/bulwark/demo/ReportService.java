package dev.bulwark.demo;

import dev.bulwark.annotations.Bulkhead;

/** A slow call that would otherwise take every thread; the bulkhead keeps it to two at a time. */
class ReportService {
    @Bulkhead(name = "reports", maxConcurrentCalls = 2, maxWaitDuration = "50ms")
    public String render() throws InterruptedException {
        Thread.sleep(300);
        return "report";
    }
}
