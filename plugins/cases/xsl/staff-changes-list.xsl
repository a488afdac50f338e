<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <!-- Loaded as if in the skin's pages/: reach the plugin's own folder. -->
  <xsl:include href="../../../plugins/cases/xsl/cases-common.xsl"/>
  <!-- Every client's change requests, those waiting for the team first. -->
  <xsl:template match="content" mode="page">
    <h1>Change requests</h1>
    <p><a class="button primary" href="{$base}/staff/changes/new">File one for a client</a></p>
    <form method="get" action="{$base}/staff/changes" class="filter" role="search" aria-label="Change requests">
      <div class="ctl">
        <label for="f-client">Client</label>
        <select id="f-client" name="client">
          <option value="0">All clients</option>
          <xsl:for-each select="clients/client"><option value="{id}"><xsl:if test="id = ../../filter/@client"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="name"/></option></xsl:for-each>
        </select>
      </div>
      <div class="ctl">
        <label for="f-status">Status</label>
        <select id="f-status" name="status">
          <option value="">Any</option>
          <option value="submitted">Submitted</option><option value="review">Under review</option><option value="estimated">Estimate ready</option><option value="approved">Approved</option><option value="rejected">Rejected</option><option value="scheduled">Scheduled</option><option value="done">Done</option>
        </select>
      </div>
      <button type="submit">Filter</button>
    </form>
    <xsl:choose>
      <xsl:when test="changes/change"><xsl:call-template name="cr-rows"><xsl:with-param name="list" select="changes"/><xsl:with-param name="prefix">/staff/changes/</xsl:with-param></xsl:call-template></xsl:when>
      <xsl:otherwise><xsl:call-template name="empty"><xsl:with-param name="title">No change request matches.</xsl:with-param></xsl:call-template></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
