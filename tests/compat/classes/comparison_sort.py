class Student:
    def __init__(self, name, grade):
        self.name, self.grade = name, grade

    def __lt__(self, other):
        return (self.grade, self.name) < (other.grade, other.name)

    def __repr__(self):
        return f"{self.name}:{self.grade}"


print(sorted([Student("b", 90), Student("a", 90), Student("c", 75)]))
