# A data set on which psych::omega meets an ultra-Heywood case in the Schmid-Leiman step
# (a general-factor loading of a group factor above 1; psych warns "An ultra-Heywood case
# was detected" and prints omega_h from the loading as estimated, not clipped).
#
# Run from this folder: Rscript make_ultra_heywood.R
# Writes: omega_ultra_heywood.csv (300 respondents x 9 items on a 1-5 scale).
# Three group factors of three items; factor 1 correlates .8 with factors 2 and 3, which
# correlate .1 with each other, so the one-factor model of their correlations has no proper
# solution (g1^2 = .8 * .8 / .1 > 1).
set.seed(1)
phi <- matrix(c(1, .8, .8, .8, 1, .1, .8, .1, 1), 3)
L <- matrix(0, 9, 3)
L[1:3, 1] <- c(.7, .65, .6)
L[4:6, 2] <- c(.7, .6, .65)
L[7:9, 3] <- c(.6, .7, .65)
S <- L %*% phi %*% t(L)
diag(S) <- 1
x <- MASS::mvrnorm(300, rep(0, 9), S)
x <- round(x * 0.9 + 3)
x[x < 1] <- 1
x[x > 5] <- 5
colnames(x) <- paste0("y", 1:9)
write.csv(x, "omega_ultra_heywood.csv", row.names = FALSE)
