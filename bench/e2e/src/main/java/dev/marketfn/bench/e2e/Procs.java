package dev.marketfn.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Linux /proc: memory and CPU time of processes, and what the machine is. */
public final class Procs {
    /** Clock ticks per second of /proc/[pid]/stat times (USER_HZ; 100 on every Linux in practice). */
    static final double HZ = 100.0;

    private Procs() {
    }

    /** A field of /proc/[pid]/status in kB (VmRSS, VmHWM), or -1. */
    public static long statusKb(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return -1;
    }

    /** Fields of /proc/[pid]/stat after the command name (index 0 = state), or null. */
    static String[] stat(long pid) {
        try {
            String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return s.substring(s.lastIndexOf(')') + 2).trim().split("\\s+");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** CPU seconds (user + system) of a process; with its reaped children when {@code children}. */
    public static double cpuSeconds(long pid, boolean children) {
        String[] f = stat(pid);
        if (f == null) {
            return 0;
        }
        // after the name: state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14)
        long t = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        if (children) {
            t += Long.parseLong(f[13]) + Long.parseLong(f[14]);
        }
        return t / HZ;
    }

    public static long ppid(long pid) {
        String[] f = stat(pid);
        return f == null ? -1 : Long.parseLong(f[1]);
    }

    /** Live children of a process. */
    public static List<Long> children(long pid) {
        List<Long> out = new ArrayList<>();
        try (var dirs = Files.list(Path.of("/proc"))) {
            for (Path d : (Iterable<Path>) dirs::iterator) {
                String name = d.getFileName().toString();
                if (name.chars().allMatch(Character::isDigit) && ppid(Long.parseLong(name)) == pid) {
                    out.add(Long.parseLong(name));
                }
            }
        } catch (IOException e) {
            // best effort
        }
        return out;
    }

    /** CPU seconds of a process tree (the PostgreSQL postmaster, its reaped and its live backends). */
    public static double treeCpuSeconds(long pid) {
        double t = cpuSeconds(pid, true);
        for (long c : children(pid)) {
            t += cpuSeconds(c, false);
        }
        return t;
    }

    /** Sum of RSS of a process tree in kB (shared pages of PostgreSQL backends counted once per backend). */
    public static long treeRssKb(long pid) {
        long kb = Math.max(0, statusKb(pid, "VmRSS"));
        for (long c : children(pid)) {
            kb += Math.max(0, statusKb(c, "VmRSS"));
        }
        return kb;
    }

    /** Machine-wide busy and total CPU seconds since boot, from /proc/stat. */
    public static double[] machineCpu() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new double[] {(total - idle) / HZ, total / HZ};
        } catch (IOException | RuntimeException e) {
            return new double[] {0, 0};
        }
    }

    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    public static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return System.getProperty("os.arch");
    }

    public static String memTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(line.replaceAll("\\D+", ""));
                    return String.format(Locale.ROOT, "%.1f GiB", kb / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return "?";
    }

    /** Other processes that used CPU recently: the top ones by CPU share since they started, excluding ours. */
    public static List<String> busyOthers(java.util.Set<Long> ours, int max) {
        List<String[]> rows = new ArrayList<>();
        double uptime;
        try {
            uptime = Double.parseDouble(Files.readString(Path.of("/proc/uptime")).trim().split("\\s+")[0]);
        } catch (IOException e) {
            return List.of();
        }
        try (var dirs = Files.list(Path.of("/proc"))) {
            for (Path d : (Iterable<Path>) dirs::iterator) {
                String name = d.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit) || ours.contains(Long.parseLong(name))) {
                    continue;
                }
                String[] f = stat(Long.parseLong(name));
                if (f == null) {
                    continue;
                }
                double cpu = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / HZ;
                double age = uptime - Long.parseLong(f[19]) / HZ;
                if (age > 1 && cpu / age > 0.05 && !ours.contains(Procs.ppid(Long.parseLong(name)))) {
                    String cmd;
                    try {
                        cmd = Files.readString(d.resolve("cmdline")).replace('\0', ' ').trim();
                    } catch (IOException e) {
                        cmd = "?";
                    }
                    if (cmd.length() > 70) {
                        cmd = cmd.substring(0, 70) + "...";
                    }
                    rows.add(new String[] {String.format(Locale.ROOT, "%5.0f%%", 100 * cpu / age), name, cmd});
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        rows.sort((a, b) -> Double.compare(Double.parseDouble(b[0].replace("%", "").trim()),
                Double.parseDouble(a[0].replace("%", "").trim())));
        return rows.stream().limit(max).map(r -> r[0] + " pid " + r[1] + " " + r[2]).toList();
    }
}
