<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <!-- Every envelope. -->
  <xsl:template match="content" mode="page">
    <h1>Signatures</h1>
    <p><a class="button primary" href="{$base}/staff/esign/new">Send a document for signature</a></p>
    <xsl:choose>
      <xsl:when test="envelopes/envelope">
        <table class="list">
          <thead><tr><th scope="col">Title</th><th scope="col">Client</th><th scope="col">Status</th><th scope="col">Sign by</th></tr></thead>
          <tbody>
            <xsl:for-each select="envelopes/envelope">
              <tr><td data-label="Title"><a href="{$base}/staff/esign/{id}"><xsl:value-of select="title"/></a></td>
                <td data-label="Client"><xsl:value-of select="client"/></td>
                <td data-label="Status"><xsl:call-template name="badge"><xsl:with-param name="status" select="state"/></xsl:call-template></td>
                <td data-label="Sign by"><xsl:value-of select="expires_on"/></td></tr>
            </xsl:for-each>
          </tbody>
        </table>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="empty"><xsl:with-param name="icon">file</xsl:with-param><xsl:with-param name="title">No envelopes yet.</xsl:with-param></xsl:call-template></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
