print("cqrs-gen")
