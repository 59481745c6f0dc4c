# bench/estimate_lcmcr.R — the reference: the R package LCMCR (built from
# its public source by bench/estimate) on the same table, K, prior,
# burn-in, samples and thinning.  Prints seconds per 10,000 iterations and
# the posterior median and 95% interval of the total.
args <- commandArgs(trailingOnly = TRUE)
.libPaths(args[1])
suppressMessages(library(LCMCR))
tab <- read.csv(args[2])
names(tab)[ncol(tab)] <- "Freq"
for (j in 1:(ncol(tab) - 1)) tab[[j]] <- factor(tab[[j]], levels = c(0, 1))
K <- as.integer(args[3]); burnin <- as.integer(args[4]); samples <- as.integer(args[5])
thin <- as.integer(args[6]); seed <- as.integer(args[7])
t0 <- Sys.time()
s <- lcmCR(captures = tab, tabular = TRUE, in_list_label = "1", not_in_list_label = "0",
           K = K, a_alpha = 0.25, b_alpha = 0.25, seed = seed, buffer_size = 10000,
           thinning = thin, verbose = FALSE)
N <- lcmCR_PostSampl(s, burnin = burnin, samples = samples, thinning = thin, output = FALSE)
secs <- as.numeric(difftime(Sys.time(), t0, units = "secs"))
iters <- burnin + samples * thin
q <- quantile(N, c(0.025, 0.5, 0.975))
cat(sprintf("%.4f %.1f %.1f %.1f %d\n", secs / iters * 10000, q[2], q[1], q[3], iters))
