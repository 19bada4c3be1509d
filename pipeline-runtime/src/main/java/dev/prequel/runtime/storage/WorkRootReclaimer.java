package dev.prequel.runtime.storage;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** At start, before any work: deletes the work directories of this service's processes that died. */
@ApplicationScoped
public class WorkRootReclaimer {

    void onStart(@Observes StartupEvent start) {
        WorkRoot.reclaim();
    }
}
