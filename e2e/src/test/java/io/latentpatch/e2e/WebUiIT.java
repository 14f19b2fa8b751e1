package io.latentpatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latentpatch.cli.GatewayClient;
import io.latentpatch.localstack.LocalInfra;
import io.latentpatch.localstack.ServiceStack;
import io.latentpatch.localstack.ServiceStack.Service;
import io.latentpatch.samples.SampleSet;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page at {@code /} in a real browser (Debian's Chromium, driven by its chromedriver through
 * Selenium; nothing is downloaded) against the real local stack: Kafka, S3 and the four services.
 *
 * <p>Each test loads the page afresh and waits on conditions the page shows (WebDriverWait), never on
 * fixed sleeps. Screenshots of the main views land in {@code e2e/target/ui-screenshots/} (copied into
 * {@code docs/ui/} by hand). The class skips with a message when Chromium or chromedriver is missing
 * ({@code scripts/browser-setup.sh} installs them).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebUiIT {
    private static final Path CHROMIUM = Path.of(System.getProperty("latentpatch.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("latentpatch.chromedriver", "/usr/bin/chromedriver"));
    private static final int FACES = 16;
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;

    private LocalInfra infra;
    private ServiceStack stack;
    private GatewayClient client;
    private WebDriver browser;
    private Path faces;
    private Path screenshots;
    private boolean realModel;

    @BeforeAll
    void startSystemAndBrowser() throws IOException {
        Path home = Path.of(System.getProperty("latentpatch.home", "..")).toAbsolutePath().normalize();
        skipUnless(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER), CHROMIUM + " or " + CHROMEDRIVER
                + " is missing; install them with scripts/browser-setup.sh (apt-get install chromium chromium-driver)");
        for (Service s : Service.values()) {
            skipUnless(Files.isRegularFile(ServiceStack.appJar(home, s)), s.module() + " is not built; run the reactor build first");
        }
        Path shared = System.getProperty("latentpatch.shared") == null ? null
                : Path.of(System.getProperty("latentpatch.shared")).toAbsolutePath().normalize();
        faces = Files.createDirectories(work.resolve("faces"));
        if (shared != null && Files.isDirectory(shared.resolve("data/faces"))) {
            for (int i = 0; i < FACES; i++) {
                String name = String.format(Locale.ROOT, "face_%04d.png", i);
                Files.copy(shared.resolve("data/faces").resolve(name), faces.resolve(name));
            }
        } else {
            SampleSet.writeTo(faces, FACES, SampleSet.DEFAULT_SEED, SampleSet.DEFAULT_SIZE);
        }
        realModel = shared != null && Files.isDirectory(shared.resolve("models/taef2"));
        screenshots = Files.createDirectories(home.resolve("e2e/target/ui-screenshots"));

        infra = LocalInfra.builder().start();
        ServiceStack.Builder services = ServiceStack.builder(home, infra).freePorts().openAccess().logDir(home.resolve("e2e/target/e2e-logs/web"));
        if (realModel) services.modelsDir(shared.resolve("models"));
        stack = services.start();
        client = new GatewayClient(stack.gatewayUrl());

        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // Without the background-networking flags Chromium dials out, which a closed network refuses.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900", "--force-device-scale-factor=1",
                "--user-data-dir=" + Files.createTempDirectory(work, "chromium-profile"));
        browser = new ChromeDriver(options);
    }

    @AfterAll
    void stopAll() {
        if (browser != null) browser.quit();
        if (stack != null) stack.close();
        if (infra != null) infra.close();
    }

    @BeforeEach
    void desktopSize() {
        browser.manage().window().setSize(new Dimension(1280, 900));
    }

    private static void skipUnless(boolean condition, String reason) {
        if (!condition) System.err.println("[web-ui] SKIPPED: " + reason);
        assumeTrue(condition, reason);
    }

    @Test
    void uploadingSixteenFacesAndRunningASixteenImageJobFillsTheGalleryWithProvenance() throws Exception {
        open();
        WebElement input = browser.findElement(By.id("files"));
        input.sendKeys(String.join("\n", pngs(faces).stream().map(Path::toString).toList()));
        waitFor().until(d -> d.findElements(By.cssSelector("#pending-thumbs img")).size() == FACES);
        browser.findElement(By.id("upload")).click();
        waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("current-set-summary"), FACES + " images"));
        assertThat(browser.findElements(By.cssSelector("#set-thumbs button"))).hasSize(FACES);

        setValue("p-count", "" + FACES);
        setValue("p-seed", "7");
        browser.findElement(By.id("generate")).click();
        waitForState("SUCCEEDED");
        waitFor().until(d -> d.findElements(By.cssSelector("#gallery-grid .tile")).size() == FACES);
        waitFor().until(d -> (Boolean) js("return [...document.querySelectorAll('#gallery-grid .tile img')]"
                + ".every(i => i.complete && i.naturalWidth > 0)"));
        assertThat(browser.findElement(By.id("job-count")).getText()).startsWith(FACES + " / " + FACES);

        browser.findElement(By.id("overlay-toggle")).click();
        WebElement firstTile = browser.findElement(By.cssSelector("#gallery-grid .tile .frame"));
        waitFor().until(d -> Double.parseDouble(firstTile.findElement(By.cssSelector("img.prov")).getCssValue("opacity")) > 0.5);
        new Actions(browser).moveToElement(firstTile, 5, 5).perform();
        WebElement tip = firstTile.findElement(By.cssSelector(".source-tip"));
        waitFor().until(d -> tip.isDisplayed() && tip.getText().contains("← source"));
        assertThat(tip.getText()).as("the hover names a source of the set").containsPattern("source \\d+: face_\\d{4}\\.png|source \\d+: ");
        screenshot("gallery-provenance");

        firstTile.findElement(By.xpath("..")).findElement(By.tagName("button")).click();
        waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("detail-body"), "largest copied region"));
        screenshot("image-details");
        browser.findElement(By.cssSelector("#detail .close")).click();

        String archive = browser.findElement(By.id("archive")).getAttribute("href");
        List<String> entries = zipEntries(archive);
        assertThat(entries).contains("request.json", "status.json", "images/0.png", "images/15.png", "latents/15.npy",
                "provenance/15.npy", "provenance/15.png", "reports/15.json");
    }

    @Test
    void paintingAMaskOverTheEyesRunsAnEditOfThePickedTarget() throws Exception {
        String setId = client.uploadSourceSet(pngs(faces), null);
        openSet(setId);
        browser.findElement(By.cssSelector("#set-thumbs button[data-index='3']")).click();
        browser.findElement(By.cssSelector("input[name=mode][value=edit]")).click();
        browser.findElement(By.cssSelector("input[name=region-kind][value=mask]")).click();
        WebElement canvas = browser.findElement(By.id("mask-canvas"));
        waitFor().until(d -> canvas.isDisplayed());
        // The eye band of an aligned face: about 38-56 % of the height (RegionMask "eyes"), 22-78 % of the width.
        int w = canvas.getSize().getWidth();
        int h = canvas.getSize().getHeight();
        new Actions(browser).moveToElement(canvas, (int) (-0.26 * w), (int) (-0.03 * h)).clickAndHold()
                .moveByOffset((int) (0.26 * w), 0).moveByOffset((int) (0.26 * w), 0).release().perform();
        assertThat((Boolean) js("const c = document.getElementById('mask-canvas');"
                + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                + "for (let i = 3; i < d.length; i += 4) if (d[i] > 127) return true; return false;")).as("strokes painted").isTrue();
        screenshot("edit-mask");

        setValue("p-count", "4");
        browser.findElement(By.id("generate")).click();
        waitForState("SUCCEEDED");
        waitFor().until(d -> d.findElements(By.cssSelector("#gallery-grid .tile")).size() == 4);
        JsonNode job = client.status(shownJobId());
        assertThat(job.path("params").path("mode").asText()).isEqualTo("edit");
        assertThat(job.path("params").path("reference").asInt()).isEqualTo(3);
        assertThat(job.path("params").path("region").asText()).as("the painted mask was uploaded for the set")
                .startsWith("tenants/default/sources/" + setId + "/masks/").endsWith(".png");
    }

    @Test
    void anOutsideImagePickedInReferenceModeBecomesTheJobsReference() throws Exception {
        String setId = client.uploadSourceSet(pngs(faces), null);
        Path other = Files.createDirectories(work.resolve("outside"));
        SampleSet.writeTo(other, 2, SampleSet.DEFAULT_SEED + 5, SampleSet.DEFAULT_SIZE);
        openSet(setId);
        browser.findElement(By.cssSelector("input[name=mode][value=reference]")).click();
        browser.findElement(By.id("reference-file")).sendKeys(pngs(other).get(0).toString());
        waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("reference-name"), "outside image"));
        setValue("p-count", "2");
        browser.findElement(By.id("generate")).click();
        waitForState("SUCCEEDED");
        waitFor().until(d -> d.findElements(By.cssSelector("#gallery-grid .tile")).size() == 2);
        JsonNode job = client.status(shownJobId());
        assertThat(job.path("params").path("mode").asText()).isEqualTo("reference");
        assertThat(job.path("params").has("reference")).as("no source index").isFalse();
        assertThat(job.path("params").path("referenceImage").asText()).startsWith("tenants/default/sources/" + setId + "/references/");
        assertThat(job.path("timingsMs").has("reference")).as("the encoder encoded the outside image").isTrue();
    }

    @Test
    void cancellingARunningJobStopsItAndSaysSo() throws Exception {
        String setId = client.uploadSourceSet(pngs(faces), null);
        openSet(setId);
        if (realModel) new Select(browser.findElement(By.id("p-model"))).selectByValue("taef2");
        setValue("p-count", "256");
        browser.findElement(By.id("generate")).click();
        WebElement cancel = waitFor().until(ExpectedConditions.elementToBeClickable(By.id("cancel")));
        cancel.click();
        waitForState("CANCELLED");
        waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("job-failure"), "Cancelled"));
        screenshot("cancelled");
        assertThat(client.status(shownJobId()).path("progress").path("done").asInt()).isLessThan(256);
    }

    @Test
    void aPatchLargerThanTheGridIsExplainedBesideThePatchFieldAndNoJobIsQueued() throws Exception {
        String setId = client.uploadSourceSet(pngs(faces), null);
        openSet(setId);
        int jobsBefore = jobCount();
        setValue("p-patch", "17");
        browser.findElement(By.id("generate")).click();
        WebElement message = browser.findElement(By.cssSelector("[data-field=patch]"));
        waitFor().until(d -> !message.getText().isBlank());
        assertThat(message.getText()).contains("patch ω=17").contains("16x16");
        assertThat(browser.findElement(By.id("p-patch")).getAttribute("class")).contains("invalid");
        assertThat(browser.findElement(By.id("progress")).isDisplayed()).as("no job shown").isFalse();
        assertThat(jobCount()).as("nothing queued").isEqualTo(jobsBefore);
        screenshot("validation-error");
    }

    @Test
    void thePageFitsAPhoneScreenWithoutSidewaysScrolling() throws Exception {
        String setId = client.uploadSourceSet(pngs(faces), null);
        browser.manage().window().setSize(new Dimension(390, 844));
        openSet(setId);
        long viewport = (Long) js("return document.documentElement.clientWidth");
        long content = (Long) js("return document.documentElement.scrollWidth");
        assertThat(content).as("page width at a 390 px wide window").isLessThanOrEqualTo(viewport);
        screenshot("phone");
    }

    private void open() {
        browser.get(stack.gatewayUrl() + "/");
        waitFor().until(d -> d.findElements(By.cssSelector("#p-model option")).size() > 0
                && !d.findElement(By.id("grid-hint")).getText().isBlank());
    }

    /** Loads the page and picks {@code setId} from the list of uploaded sets. */
    private void openSet(String setId) {
        open();
        browser.findElement(By.id("tab-existing")).click();
        WebElement entry = waitFor().until(ExpectedConditions.elementToBeClickable(By.cssSelector("#set-list button[data-set='" + setId + "']")));
        entry.click();
        waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("current-set-summary"), FACES + " images"));
    }

    private void waitForState(String state) {
        new WebDriverWait(browser, JOB_TIMEOUT).until(ExpectedConditions.textToBe(By.id("job-state"), state));
    }

    private String shownJobId() {
        return browser.findElement(By.id("job-id")).getAttribute("title");
    }

    private WebDriverWait waitFor() {
        return new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    private void setValue(String id, String value) {
        WebElement e = browser.findElement(By.id(id));
        e.clear();
        e.sendKeys(value);
    }

    private Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    private void screenshot(String name) throws IOException {
        Files.write(screenshots.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    private int jobCount() throws IOException, InterruptedException {
        return JSON.readTree(get(stack.gatewayUrl() + "/v1/jobs?limit=1").body()).path("total").asInt();
    }

    private static HttpResponse<byte[]> get(String url) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).as("GET %s", url).isEqualTo(200);
            return r;
        }
    }

    private static List<String> zipEntries(String url) throws IOException, InterruptedException {
        List<String> names = new ArrayList<>();
        try (InputStream in = new java.io.ByteArrayInputStream(get(url).body()); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) names.add(e.getName());
        }
        return names;
    }

    private static List<Path> pngs(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.filter(f -> f.toString().endsWith(".png")).sorted().toList();
        }
    }
}
