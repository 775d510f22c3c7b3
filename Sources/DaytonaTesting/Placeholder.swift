import Daytona
