package io.latentpatch.service;

import org.jboss.logging.MDC;

/**
 * The job a thread works for, in the logging context under {@value #KEY} while the scope is open; closing it
 * restores what was there before (nothing, on a worker thread between records).
 */
public final class JobLogScope implements AutoCloseable {
    /** The MDC key: {@code %X{jobId}} in the log format, {@code mdc.jobId} in JSON logs. */
    public static final String KEY = "jobId";

    private final Object previous;

    private JobLogScope(Object previous) {
        this.previous = previous;
    }

    /** Opens a scope for {@code jobId} (null: an unknown job, the context is cleared). */
    public static JobLogScope of(String jobId) {
        Object previous = MDC.get(KEY);
        if (jobId == null) MDC.remove(KEY);
        else MDC.put(KEY, jobId);
        return new JobLogScope(previous);
    }

    @Override
    public void close() {
        if (previous == null) MDC.remove(KEY);
        else MDC.put(KEY, previous);
    }
}
