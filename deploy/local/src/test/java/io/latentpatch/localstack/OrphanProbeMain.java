package io.latentpatch.localstack;

/**
 * Test helper run as a separate JVM by {@link NoOrphansIT}: {@code OrphanProbeMain <dataDir>} starts
 * the local stack with its data in {@code dataDir}, prints the children's pids, then sleeps until killed.
 */
public final class OrphanProbeMain {

    private OrphanProbeMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        LocalInfra infra = LocalInfra.builder().dataDir(java.nio.file.Path.of(args[0])).start();
        System.out.println("PIDS " + infra.kafka().pid().getAsLong() + " " + infra.s3().pid());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
