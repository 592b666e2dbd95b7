import CQRS
