import CQRSWebhooks
import Hummingbird
import NIOPosix
