import statistics

data = [2, 4, 4, 4, 5, 5, 7, 9]
print(statistics.mean(data), statistics.median(data), statistics.mode(data))
print(statistics.pstdev(data), round(statistics.stdev(data), 4))
print(statistics.median([1, 3, 2, 4]), statistics.variance([1, 2, 3, 4]))
print(statistics.fmean([1.5, 2.5]), statistics.median_low([1, 2, 3, 4]), statistics.median_high([1, 2, 3, 4]))
