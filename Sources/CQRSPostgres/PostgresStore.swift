import CQRS
import PostgresNIO
