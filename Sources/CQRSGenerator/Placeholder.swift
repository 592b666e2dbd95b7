import CQRSSpec
