class MathUtils:
    @staticmethod
    def clamp(x, lo, hi):
        return max(lo, min(hi, x))

    @classmethod
    def clamp_all(cls, xs, lo, hi):
        return [cls.clamp(x, lo, hi) for x in xs]


print(MathUtils.clamp(15, 0, 10), MathUtils.clamp_all([-5, 5, 50], 0, 10))
