for s in ["abc", "ABC", "123", "abc123", "  ", "Title Case", "", "3.14"]:
    print(repr(s), s.isalpha(), s.isdigit(), s.isalnum(), s.isspace(), s.isupper(), s.islower(), s.istitle())
