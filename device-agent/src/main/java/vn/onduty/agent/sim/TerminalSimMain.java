package vn.onduty.agent.sim;

import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a simulated ZKTeco-family terminal pushing to an OnDuty server over ADMS until stopped ({@link
 * SimulatedTerminal}):
 * {@code java -cp onduty-agent.jar vn.onduty.agent.sim.TerminalSimMain --server http://localhost:8080 --sn SN
 * [--users 20] [--rate 6/min] [--records 0] [--clock-offset 0] [--drop-rate 0.02] [--reupload-rate 0.01]
 * [--duplicate-rate 0.05] [--garbage-rate 0.01] [--retry-seconds N] [--batch 500] [--zone Asia/Ho_Chi_Minh]
 * [--log FILE] [--seed N]}. The first line printed is {@code terminal: SN}; then a status line every 10 seconds.
 */
public final class TerminalSimMain {

    private TerminalSimMain() {
    }

    static final String USAGE = "usage: TerminalSimMain --server URL --sn SN [--users N] [--rate N/min|N/h|N/s] "
            + "[--records N] [--clock-offset SECONDS] [--drop-rate P] [--reupload-rate P] [--duplicate-rate P] "
            + "[--garbage-rate P] [--retry-seconds N] [--batch N] [--zone ZONE] [--log FILE] [--seed N]";

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        SimulatedTerminal.Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        SimulatedTerminal terminal = new SimulatedTerminal(options);
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.set(false);
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "terminal-sim-shutdown"));
        out.println("terminal: " + options.serialNumber() + " -> " + options.server());
        Thread status = new Thread(() -> {
            while (running.get()) {
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    return;
                }
                out.println(status(terminal));
            }
        }, "terminal-sim-status");
        status.setDaemon(true);
        status.start();
        try {
            terminal.run(running::get);
        } finally {
            out.println(status(terminal));
            stopped.countDown();
        }
    }

    private static String status(SimulatedTerminal t) {
        SimulatedTerminal.Counts c = t.counts();
        return String.format(Locale.ROOT, "clock %s: %d punches (%d seconds after another), delivered up to %d; %d uploads, "
                        + "%d answers lost and sent again, %d re-uploads, %d garbled lines, %d commands, %d failed requests",
                t.now(), c.punches(), c.duplicates(), c.delivered(), c.uploads(), c.resentAfterLostAnswer(), c.reuploads(),
                c.garbled(), c.commands(), c.failures());
    }

    static SimulatedTerminal.Options parse(String[] args) {
        URI server = null;
        String sn = null;
        int users = 20;
        double rate = 6;
        long records = 0;
        long offset = 0;
        double drop = 0.02;
        double reupload = 0.01;
        double duplicate = 0.05;
        double garbage = 0.01;
        Integer retry = null;
        int batch = 500;
        ZoneId zone = ZoneId.of("Asia/Ho_Chi_Minh");
        Path log = null;
        long seed = System.nanoTime();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            String value = args[++i];
            try {
                switch (name) {
                    case "--server" -> server = URI.create(value.endsWith("/") ? value : value + "/");
                    case "--sn" -> sn = value;
                    case "--users" -> users = Integer.parseInt(value);
                    case "--rate" -> rate = SensorSimMain.perMinute(value);
                    case "--records" -> records = Long.parseLong(value);
                    case "--clock-offset" -> offset = Long.parseLong(value);
                    case "--drop-rate" -> drop = Double.parseDouble(value);
                    case "--reupload-rate" -> reupload = Double.parseDouble(value);
                    case "--duplicate-rate" -> duplicate = Double.parseDouble(value);
                    case "--garbage-rate" -> garbage = Double.parseDouble(value);
                    case "--retry-seconds" -> retry = Integer.parseInt(value);
                    case "--batch" -> batch = Integer.parseInt(value);
                    case "--zone" -> zone = ZoneId.of(value);
                    case "--log" -> log = Path.of(value);
                    case "--seed" -> seed = Long.parseLong(value);
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + ": not a number: " + value);
            } catch (java.time.DateTimeException e) {
                throw new IllegalArgumentException(name + ": not a time zone: " + value);
            }
        }
        if (server == null || sn == null) {
            throw new IllegalArgumentException("--server and --sn are required");
        }
        if (!sn.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("--sn must be 1-64 letters, digits, '.', '_' or '-'");
        }
        if (users < 1 || rate < 0 || records < 0 || batch < 1 || (retry != null && retry < 0)
                || !share(drop) || !share(reupload) || !share(duplicate) || !share(garbage)) {
            throw new IllegalArgumentException("out of range: users >= 1, rate >= 0, records >= 0, batch >= 1, "
                    + "retry-seconds >= 0, rates 0..1");
        }
        return new SimulatedTerminal.Options(server, sn, users, rate, records, zone, Duration.ofSeconds(offset), drop,
                reupload, duplicate, garbage, retry, batch, seed, log);
    }

    private static boolean share(double p) {
        return p >= 0 && p <= 1;
    }
}
