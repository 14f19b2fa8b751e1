package io.latentpatch.gateway.access;

import jakarta.enterprise.context.RequestScoped;

/** The tenant of the current request, set by {@link AccessFilter} before any resource method runs. */
@RequestScoped
public class CallerTenant {

    private String tenant;

    void set(String tenant) {
        this.tenant = tenant;
    }

    /** The caller's tenant; every key a request touches is built from it. */
    public String id() {
        if (tenant == null) throw new IllegalStateException("no tenant: the access filter did not run for this request");
        return tenant;
    }
}
