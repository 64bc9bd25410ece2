from typing import List


def coin_change(coins: List[int], amount: int) -> int:
    INF = float("inf")
    dp = [0] + [INF] * amount
    for a in range(1, amount + 1):
        for c in coins:
            if c <= a and dp[a - c] + 1 < dp[a]:
                dp[a] = dp[a - c] + 1
    return -1 if dp[amount] == INF else dp[amount]


assert coin_change([1, 2, 5], 11) == 3
print(coin_change([2], 3), coin_change([1, 5, 10, 25], 63))
