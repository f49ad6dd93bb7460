# Writes TTR's bundled `ttrc` data set (5,550 real daily OHLCV bars, 1985-01-02 .. 2006-12-29) to ttrc.csv.
# Debian: apt-get update && apt-get install -y r-cran-ttr ; then: Rscript export-ttrc.R
suppressPackageStartupMessages(library(TTR))
data(ttrc)
out <- data.frame(date = format(ttrc$Date, "%Y-%m-%d"),
                  open = ttrc$Open, high = ttrc$High, low = ttrc$Low, close = ttrc$Close,
                  volume = ttrc$Volume)
write.csv(out, "ttrc.csv", row.names = FALSE, quote = FALSE)
cat(sprintf("ttrc.csv: %d bars, TTR %s\n", nrow(out), as.character(packageVersion("TTR"))))
