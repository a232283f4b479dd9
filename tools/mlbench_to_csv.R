# Converts the mlbench package's Satellite, Shuttle and LetterRecognition
# data frames (R data files) to the CSV layout ebmbench's tabular data sets
# use: a header, the features as numbers, then `label`, the class as an
# integer 0..K-1 in the order of the factor's levels. No quotes, no row names.
# Byte-identical across runs (tools/data_manifest.txt holds the MD5s).
#
#   Rscript --vanilla tools/mlbench_to_csv.R OUT_DIR [satellite|shuttle|letter]...
args <- commandArgs(trailingOnly = TRUE)
out <- args[1]
wanted <- if (length(args) > 1) args[-1] else c("satellite", "shuttle", "letter")
sources <- list(satellite = c("Satellite", "classes"),
                shuttle = c("Shuttle", "Class"),
                letter = c("LetterRecognition", "lettr"))
for (name in wanted) {
  source <- sources[[name]]
  if (is.null(source)) stop("unknown mlbench data set ", name)
  env <- new.env()
  data(list = source[1], package = "mlbench", envir = env)
  frame <- get(source[1], envir = env)
  y <- frame[[source[2]]]
  x <- frame[, setdiff(names(frame), source[2]), drop = FALSE]
  x[] <- lapply(x, as.numeric)
  names(x) <- make.names(names(x))
  write.csv(cbind(x, label = as.integer(y) - 1L), file.path(out, paste0(name, ".csv")),
            row.names = FALSE, quote = FALSE)
}
