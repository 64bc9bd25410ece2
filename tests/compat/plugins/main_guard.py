def main(argv=None):
    argv = argv or ["prog", "--n", "3"]
    n = int(argv[argv.index("--n") + 1])
    for i in range(n):
        print(f"line {i}")
    return 0


if __name__ == "__main__":
    code = main()
    print("exit", code)
